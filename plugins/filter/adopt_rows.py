# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
name: adopt_rows
short_description: Turn what ARIN holds under parent nets into rows of the ipam_export inventory plugin
version_added: 0.1.0
description:
  - Takes the nets M(arin.regrws.arin_net_info) lists with O(arin.regrws.arin_net_info#module:parents) and the
    customer records M(arin.regrws.arin_customer_info) read for them, and returns a YAML file of rows in the format
    the P(arin.regrws.ipam_export#inventory) inventory plugin reads, so that C(playbooks/reconcile_customers.yml) on
    it declares exactly what ARIN holds.
  - One row per net. A simple reassignment carries its customer's name and address; a detailed reassignment or a
    reallocation names its org by handle. Rows of customer records that agree on name and address share a host;
    records of one name that differ get hosts of their own (C(host) column).
  - "A net that cannot be a row is written as a YAML comment that says why, followed by the row it would be,
    commented out: its customer cannot be read, ARIN is removing it (an open removal ticket), it covers a range
    that is not one prefix, it has two POCs of one function, or the collection would refuse the row. Open
    reassign and reallocate tickets under the parents (the net does not exist yet) are comments too."
  - C(playbooks/adopt_existing.yml) uses it.
author:
  - arin.regrws contributors (@arin-regrws)
options:
  _input:
    description: The nets (RV(arin.regrws.arin_net_info#module:nets) of a run with parents).
    type: list
    elements: dict
    required: true
  parents:
    description: The parent nets (RV(arin.regrws.arin_net_info#module:parents)), named in the file's header.
    type: list
    elements: dict
    default: []
  customers:
    description: The customer records of the simple reassignments (RV(arin.regrws.arin_customer_info#module:customers)).
    type: list
    elements: dict
    default: []
  missing_customers:
    description: Customer handles ARIN does not know (RV(arin.regrws.arin_customer_info#module:missing)).
    type: list
    elements: str
    default: []
  unreadable_customers:
    description:
      - Customer handles ARIN withholds from the key (RV(arin.regrws.arin_customer_info#module:unreadable)).
    type: list
    elements: str
    default: []
  tickets:
    description: The open tickets about the parents (RV(arin.regrws.arin_net_info#module:tickets)).
    type: list
    elements: dict
    default: []
  path:
    description: The file's name, for the inventory config the header suggests.
    type: str
    default: adopted.yml
'''

EXAMPLES = r'''
- name: List what ARIN holds under our allocation
  arin.regrws.arin_net_info:
    parents: [192.0.2.0/24]
  register: held

- name: Read the customers of the simple reassignments
  arin.regrws.arin_customer_info:
    handles: "{{ held.nets | map(attribute='customer_handle') | select | unique | list }}"
    missing: skip
    unreadable: skip
  register: customers

- name: Write the rows
  ansible.builtin.copy:
    content: >-
      {{ (held.nets | arin.regrws.adopt_rows(parents=held.parents, customers=customers.customers,
          missing_customers=customers.missing, unreadable_customers=customers.unreadable,
          tickets=held.tickets, path='adopted.yml')).text }}
    dest: adopted.yml
    mode: "0644"
'''

RETURN = r'''
_value:
  description: The file and what it holds.
  type: dict
  contains:
    text:
      description: The YAML file (rows, and comments for what is not a row).
      type: str
    rows:
      description: How many nets are rows.
      type: int
    hosts:
      description: How many inventory hosts the rows make.
      type: int
    commented:
      description: How many nets are written as comments.
      type: int
    notes:
      description: Why each comment of the file is one, a line each (nets, then tickets).
      type: list
      elements: str
'''

import re

import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.arin.regrws.plugins.inventory.ipam_export import ExportError, customers_from_rows, host_name
from ansible_collections.arin.regrws.plugins.module_utils._nets import parse_ip

POC_COLUMNS = (('T', 'tech_poc'), ('AB', 'abuse_poc'), ('N', 'noc_poc'))
ADDRESS_COLUMNS = ('street_address', 'city', 'region', 'postal_code', 'country')
COLUMNS = ('host', 'customer', 'org_handle', 'prefix', 'net_name', 'type', 'parent_net_handle', 'comments',
           'tech_poc', 'abuse_poc', 'noc_poc') + ADDRESS_COLUMNS + ('private', 'customer_comments')


def _text(value):
    # Values arrive as Ansible's string types; the YAML dumper takes plain ones.
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return [_text(item) for item in value]
    return u'%s' % (value,)


def _order(net):
    address = parse_ip(net.get('start_address') or '0.0.0.0')
    return address.version, int(address), net.get('handle') or ''


def _net_fields(net):
    """The net's columns, and why they cannot be a row (None when they can)."""
    prefixes = net.get('prefixes') or []
    row = {'prefix': _text(prefixes[0]) if len(prefixes) == 1 else None, 'net_name': _text(net.get('net_name'))}
    if net.get('type') == 'A':
        row['type'] = 'reallocate'
    if net.get('parent_net_handle'):
        row['parent_net_handle'] = _text(net['parent_net_handle'])
    if net.get('comments'):
        row['comments'] = _text(net['comments'])
    reason = None
    for function, column in POC_COLUMNS:
        handles = [link['handle'] for link in net.get('poc_links') or [] if link.get('function') == function]
        if len(handles) > 1:
            reason = 'it has %d %s links (%s); a row holds one' % (len(handles), column, ', '.join(handles))
        elif handles:
            row[column] = _text(handles[0])
    if len(prefixes) != 1:
        row['prefix'] = _text('%s-%s' % (net.get('start_address'), net.get('end_address')))
        reason = 'it covers %s, which is not one prefix (%s); a row holds one prefix' % (
            row['prefix'], ', '.join(prefixes))
    return row, reason


def _customer_fields(customer):
    fields = {'customer': _text(customer.get('customer_name'))}
    for column in ADDRESS_COLUMNS:
        if customer.get(column) not in (None, '', []):
            fields[column] = _text(customer[column])
    if customer.get('private'):
        fields['private'] = True
    if customer.get('comments'):
        fields['customer_comments'] = _text(customer['comments'])
    return fields


def _ticket_label(ticket):
    return 'ticket %s (%s, %s)' % (ticket.get('ticket_no'), ticket.get('type'), ticket.get('status'))


def _refusal(row):
    """Why the collection refuses ``row`` on its own, or None."""
    problem = _load_problem([row])
    # The plugin names the row by its place; the note names the net already.
    return None if problem is None else 'the collection refuses its row: %s' % re.sub(
        r'^row 1( \([^)]*\))?: ', '', problem)


# libyaml's emitter when PyYAML has it: the pure-Python one is most of the time at thousands of rows.
_DUMPER = getattr(yaml, 'CSafeDumper', yaml.SafeDumper)


def _yaml(value, flow=False):
    return yaml.dump(value, Dumper=_DUMPER, default_flow_style=flow, sort_keys=False, width=1000, allow_unicode=False)


def _commented(text):
    return ['# ' + line if line else '#' for line in text.rstrip('\n').split('\n')]


def _one_line(text):
    return (u'%s' % (text,)).replace('\n', ' ')


def _ordered(row):
    """The row's columns in the order a person reads them: who, the net, then the customer's address."""
    return dict((column, row[column]) for column in COLUMNS if column in row)


def _hosts(adopted):
    """(host, key, group) per recipient, named as the inventory plugin would name it unless two share the name."""
    groups = {}
    for net, row in adopted:
        if 'customer' in row:
            key = ('customer',) + tuple(repr(row.get(column)) for column in (
                'customer', 'private', 'customer_comments') + ADDRESS_COLUMNS)
            name = row['customer']
        else:
            key, name = ('org', row['org_handle'].upper()), row['org_handle']
        groups.setdefault(key, {'name': name, 'rows': [], 'handles': []})
        groups[key]['rows'].append(row)
        groups[key]['handles'].append(net.get('customer_handle'))
    taken = set()
    hosts = []
    for key, group in sorted(groups.items(), key=lambda pair: (host_name(pair[1]['name']), pair[0])):
        base = host = host_name(group['name'])
        number = 1
        while host in taken:
            number += 1
            host = '%s_%d' % (base, number)
        taken.add(host)
        if host != base:
            group['rows'] = [_ordered(dict(row, host=host)) for row in group['rows']]
        hosts.append((host, key, group))
    return hosts


def _load_problem(rows):
    """Why the inventory plugin refuses ``rows``, or None. It checks each row with the module's own rules, on the
    item the playbooks make of it, so a row it takes is one arin_net_reassignments takes."""
    try:
        customers_from_rows([('row %d' % (index + 1), row) for index, row in enumerate(rows)])
    except ExportError as error:
        return u'%s' % (error,)
    return None


def adopt_rows(nets, parents=None, customers=None, missing_customers=None, unreadable_customers=None, tickets=None,
               path='adopted.yml'):
    if not isinstance(nets, list):
        raise AnsibleFilterError('adopt_rows: expected the list of nets arin_net_info returns with parents')
    by_handle = dict(((customer.get('handle') or '').upper(), customer) for customer in customers or [])
    missing = set(handle.upper() for handle in missing_customers or [])
    unreadable = set(handle.upper() for handle in unreadable_customers or [])
    removals = {}
    requests = []
    for ticket in tickets or []:
        if ticket.get('net_handle'):
            removals.setdefault(ticket['net_handle'].upper(), ticket)
        else:
            requests.append(ticket)

    adopted, skipped = [], []
    for net in sorted(nets, key=_order):
        row, reason = _net_fields(net)
        label = '%s (%s)' % (row['prefix'], net.get('handle'))
        handle = (net.get('customer_handle') or '').upper()
        if handle:
            customer = by_handle.get(handle)
            if customer is not None:
                row.update(_customer_fields(customer))
            elif reason is None:
                reason = 'its customer %s cannot be read: %s; add the customer and its address to the row' % (
                    net['customer_handle'], 'the key has no authority over it (HTTP 401)' if handle in unreadable
                    else 'ARIN does not know it (HTTP 404)' if handle in missing else 'it was not read')
        elif net.get('org_handle'):
            row['org_handle'] = _text(net['org_handle'])
        elif reason is None:
            reason = 'it names neither a customer nor an org'
        removal = removals.get((net.get('handle') or '').upper())
        if removal is not None:
            reason = 'ARIN is removing it under %s; a row would register it again once the removal is done' % (
                _ticket_label(removal))
        row = _ordered(row)
        if reason is None:
            adopted.append((net, row))
        else:
            skipped.append((_order(net), '%s: %s' % (label, reason), row))

    hosts = _hosts(adopted)
    rows = [row for dummy, dummy2, group in hosts for row in group['rows']]
    if _load_problem(rows) is not None:
        # Some row is refused: check each on its own (costly, so only now) and leave those out.
        kept = []
        for net, row in adopted:
            reason = _refusal(row)
            if reason is None:
                kept.append((net, row))
            else:
                skipped.append((_order(net), '%s (%s): %s' % (row['prefix'], net.get('handle'), reason), row))
        hosts = _hosts(kept)
        rows = [row for dummy, dummy2, group in hosts for row in group['rows']]
        problem = _load_problem(rows)
        if problem is not None:
            raise AnsibleFilterError('adopt_rows: the rows would not load: %s' % problem)
    skipped = [(note, row) for dummy, note, row in sorted(skipped, key=lambda entry: entry[0])]

    notes = [_one_line(note) for note, dummy in skipped]
    for ticket in requests:
        if ticket.get('prefix'):
            notes.append('%s: requested in %s and not registered yet; adopt again once ARIN has processed it'
                         % (ticket['prefix'], _ticket_label(ticket)))
        else:
            notes.append('%s names no range or net (it was not sent by this collection): see on ARIN Online whether '
                         'it concerns these parents' % _ticket_label(ticket))

    parent_specs = [_text(parent['prefixes'][0]) if len(parent.get('prefixes') or []) == 1 else _text(parent['handle'])
                    for parent in parents or []]
    named = ', '.join('%s (%s)' % (parent.get('handle'), ', '.join(parent.get('prefixes') or []))
                      for parent in parents or [])
    lines = [
        '# What ARIN holds directly under %s,' % (named or 'the parent nets'),
        '# as rows of the arin.regrws.ipam_export inventory plugin (written by playbooks/adopt_existing.yml):',
        '# %d net(s) in %d host(s)%s.' % (len(rows), len(hosts), ', and %d more as comments at the end' % len(skipped)
                                          if skipped else ''),
        '# Read it with an inventory config beside it whose name ends in ipam.yml:',
        '#   plugin: arin.regrws.ipam_export',
        '#   path: %s' % path,
        '#   parents: %s' % _yaml(parent_specs, flow=True).strip(),
    ]
    for host, key, group in hosts:
        lines.append('')
        if key[0] == 'customer':
            handles = sorted(set(handle for handle in group['handles'] if handle))
            lines.append('# %s: customer %s (%s)' % (host, group['name'], ', '.join(handles)))
        else:
            lines.append('# %s: org %s' % (host, group['name']))
        lines.extend(_yaml(group['rows']).rstrip('\n').split('\n'))
    if not rows:
        lines.extend(['', '[]'])
    if notes:
        lines.extend(['', '# Not adopted; each says why. Uncomment a row once it can be declared.'])
        for note, row in skipped:
            lines.append('# ' + _one_line(note))
            lines.extend(_commented(_yaml([row])))
        for note in notes[len(skipped):]:
            lines.append('# ' + note)
    return {'text': '\n'.join(lines) + '\n', 'rows': len(rows), 'hosts': len(hosts), 'commented': len(skipped),
            'notes': notes}


class FilterModule(object):
    def filters(self):
        return {'adopt_rows': adopt_rows}
