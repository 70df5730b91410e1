# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
name: ipam_export
short_description: The customers inventory from an IPAM export (CSV, JSON, YAML or NetBox prefixes)
version_added: 0.1.0
description:
  - Reads an export of an IPAM, one row per prefix, and makes one inventory host per customer (or recipient org) with
    the variables of the P(arin.regrws.customer_onboarding#role) role, so that C(playbooks/onboard_customers.yml),
    C(playbooks/reconcile_customers.yml) and C(playbooks/drift_report.yml) run on it unchanged.
  - "Columns (CSV header or keys of each JSON/YAML item): C(customer) (the customer's name, for simple
    reassignments) or C(org_handle) (the recipient org), C(prefix), C(net_name), and optionally C(type)
    (V(reassign) or V(reallocate)), C(parent_net_handle), C(comments), C(tech_poc), C(abuse_poc), C(noc_poc),
    C(street_address), C(city), C(region), C(postal_code), C(country), C(private), C(customer_comments) and C(host)
    (the inventory host name; by default made from the customer's name or the org handle)."
  - In CSV, list values (C(street_address), C(comments), C(customer_comments)) are lines separated by C(|). A column
    the plugin does not know, or a column given twice, fails on the header's line; a row with more fields than the
    header fails too.
  - Rows of the same customer must agree on the customer's address fields. Every error names the file and the line
    (CSV) or item (JSON, YAML, NetBox) it comes from.
  - "Each row is checked as M(arin.regrws.arin_net_reassignments) checks the item the playbooks make of it, with the
    module's own rules: a prefix that is not one or has host bits set, a net name ARIN refuses, a country that is
    not an ISO 3166-1 alpha-2 code, text ARIN cannot take, an IPv6 simple reassignment smaller than a /64, two rows
    of one prefix and overlapping prefixes fail here, with the file and line, rather than later in the module."
  - With O(format=netbox), the file is the JSON answer of NetBox's C(/api/ipam/prefixes/), its C(results) list, or
    the list the C(netbox.netbox.nb_lookup) lookup returns for C(prefixes) (saved as JSON).
    The customer is the prefix's tenant, the net's fields come from custom fields of the prefix (see
    O(netbox_field_prefix)) and the customers' addresses from O(netbox_customers).
  - With O(format=netbox), a prefix's VRF is part of its place in errors (C(prefixes.json item 4 in VRF blue)). ARIN
    has no VRFs, so a prefix that is in two VRFs fails and names both; export one VRF, or leave one of them out by
    status (O(netbox_statuses)).
  - "When the rows may leave prefixes out, each reason is shown as a warning and the group gets
    C(arin_regrws_export_partial), the reasons in one line: a NetBox answer that is one page of several (C(count)
    above the number of C(results), or a C(next) link; NetBox caps a page at its C(MAX_PAGE_SIZE), 1000 by default,
    even with C(limit=0)), an active prefix without a tenant. C(playbooks/reconcile_customers.yml) then refuses to
    prune and C(playbooks/drift_report.yml) does not look for orphans: what the export leaves out is not an orphan."
  - The inventory config file's name must end in C(ipam.yml) or C(ipam.yaml).
  - The group's hosts run on the controller (C(ansible_connection=local)) with the Python that runs the playbook
    (C(ansible_python_interpreter={{ ansible_playbook_python }})), as the role's playbooks expect; in AWX the
    inventory sync and the job may run in different environments.
author:
  - arin.regrws contributors (@arin-regrws)
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [arin.regrws.ipam_export]
  path:
    description: The export file, relative to the inventory config file unless absolute.
    type: str
    required: true
  format:
    description:
      - V(auto) chooses by the file name (C(.csv), C(.json), C(.yml) or C(.yaml)); a JSON object with C(results) is
        read as V(netbox).
    type: str
    choices: [auto, csv, json, yaml, netbox]
    default: auto
  group:
    description: The group every customer host goes in.
    type: str
    default: customers
  parents:
    description:
      - Parent nets (prefixes or handles) of the customers' nets, set as C(customer_onboarding_parents) on each host.
        That makes one read per parent instead of one per net, and these are the parents the drift report looks for
        orphans under.
    type: list
    elements: str
    default: []
  netbox_customers:
    description:
      - With O(format=netbox), per tenant slug, the customer's fields (C(name), C(street_address), C(city),
        C(region), C(postal_code), C(country), C(private), C(comments)) or C(org_handle) for a recipient org.
      - A tenant not listed is a customer named as the tenant, without an address (enough for nets that exist).
    type: dict
    default: {}
  netbox_field_prefix:
    description:
      - With O(format=netbox), the prefix of the custom fields that carry the net's fields, for example
        C(arin_net_name), C(arin_type), C(arin_parent_net_handle), C(arin_tech_poc), C(arin_abuse_poc),
        C(arin_noc_poc). Without C(<prefix>net_name) the prefix's description is the net name.
    type: str
    default: arin_
  netbox_statuses:
    description: With O(format=netbox), the prefix statuses that are registered at ARIN; other prefixes are skipped.
    type: list
    elements: str
    default: [active]
'''

EXAMPLES = r'''
# customers.ipam.yml, beside the export customers.csv:
#
#   customer,prefix,net_name,street_address,city,region,postal_code,country,abuse_poc
#   Example Bakery,192.0.2.64/26,BAKERY-V4,12 Sample Road,Anytown,VA,22000,US,ABUSE1-ARIN
#   Example Bakery,2001:db8:1000::/48,BAKERY-V6,12 Sample Road,Anytown,VA,22000,US,ABUSE1-ARIN
#
# (a row with org_handle instead of customer, and type reallocate, registers a reallocation)
plugin: arin.regrws.ipam_export
path: customers.csv
parents: [192.0.2.0/24, 2001:db8::/32]

# netbox.ipam.yml, from NetBox's prefix list saved as JSON:
#   curl -H "Authorization: Token $NETBOX_TOKEN" \
#     "https://netbox.example.net/api/ipam/prefixes/?tenant_group=customers&limit=0" > prefixes.json
#
# plugin: arin.regrws.ipam_export
# path: prefixes.json
# format: netbox
# netbox_customers:
#   bakery:
#     name: Example Bakery
#     street_address: [12 Sample Road]
#     city: Anytown
#     region: VA
#     postal_code: "22000"
#     country: US
#   widgets:
#     org_handle: WIDGETS-1
'''

import csv
import json
import os
import re

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin

try:
    from ansible.template import trust_as_template
except ImportError:  # before ansible-core 2.19 every inventory string is a template
    def trust_as_template(value):
        return value

from ansible_collections.arin.regrws.plugins.filter.customer_reassignments import customer_reassignments
from ansible_collections.arin.regrws.plugins.module_utils import _checks
from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._reassign import CUSTOMER_FIELDS, check_items

NET_FIELDS = ('prefix', 'net_name', 'type', 'parent_net_handle', 'comments', 'tech_poc', 'abuse_poc', 'noc_poc')
LIST_FIELDS = ('street_address', 'comments', 'customer_comments')
KNOWN = frozenset(NET_FIELDS + CUSTOMER_FIELDS + ('customer', 'org_handle', 'private', 'customer_comments', 'host'))


class ExportError(Exception):
    pass


def _text(value):
    if value is None:
        return None
    value = to_native(value).strip() if not isinstance(value, (list, bool)) else value
    return value if value not in ('', []) else None


def _lines(value, split):
    if value is None:
        return None
    if isinstance(value, list):
        return [to_native(line) for line in value]
    return [line.strip() for line in value.split('|')] if split else [to_native(value)]


def host_name(key):
    return re.sub(r'[^a-z0-9]+', '_', key.lower()).strip('_') or 'customer'


def customers_from_rows(rows, parents=(), split_lists=False):
    """Host variables per host from ``(where, row)`` pairs; ExportError names the row's place.

    With ``split_lists`` (CSV), list values are text with lines separated by ``|``. Each row
    is checked as arin_net_reassignments checks the item the playbooks make of it, so what
    the module would refuse fails here, with the row's place.
    """
    hosts = {}
    places, items = [], []
    for where, row in rows:
        if not isinstance(row, dict):
            raise ExportError('%s: expected a mapping of column to value' % where)
        if None in row:
            raise ExportError('%s: %d field(s) more than the header has: %s'
                              % (where, len(row[None]), ', '.join(repr(value) for value in row[None])))
        unknown = sorted(key for key in row if key not in KNOWN and key is not None)
        if unknown:
            raise ExportError('%s: unknown column %s' % (where, ', '.join(unknown)))
        values = dict((key, _text(row.get(key))) for key in KNOWN)
        for key in LIST_FIELDS:
            values[key] = _lines(values[key], split_lists)
        if not values['prefix']:
            raise ExportError('%s: prefix is empty' % where)
        if not values['net_name']:
            raise ExportError('%s: net_name is empty for %s' % (where, values['prefix']))
        if bool(values['customer']) == bool(values['org_handle']):
            raise ExportError('%s: give exactly one of customer and org_handle for %s' % (where, values['prefix']))
        if values['type'] not in (None, 'reassign', 'reallocate'):
            raise ExportError('%s: type %r is not reassign or reallocate' % (where, values['type']))
        key = values['customer'] or values['org_handle']
        name = values['host'] or host_name(key)
        if values['customer']:
            recipient = dict((field, values[field]) for field in CUSTOMER_FIELDS if field != 'comments'
                             and values[field] is not None)
            recipient['name'] = values['customer']
            if values['customer_comments'] is not None:
                recipient['comments'] = values['customer_comments']
            if values['private'] is not None:
                try:
                    recipient['private'] = boolean(values['private'], strict=True)
                except TypeError:
                    raise ExportError('%s: private %r is not a boolean' % (where, values['private']))
            host_vars = {'customer_onboarding_customer': recipient, 'customer_onboarding_org_handle': None}
        else:
            host_vars = {'customer_onboarding_customer': None, 'customer_onboarding_org_handle': values['org_handle']}
        known = hosts.get(name)
        if known is None:
            known = hosts[name] = dict(host_vars, customer_onboarding_nets=[], customer_onboarding_parents=list(parents),
                                       _where=where, _key=key)
        elif known['_key'] != key:
            raise ExportError('%s: host %s is already %s (%s)' % (where, name, known['_key'], known['_where']))
        else:
            for field, value in (host_vars['customer_onboarding_customer'] or {}).items():
                first = (known['customer_onboarding_customer'] or {}).get(field)
                if first != value:
                    raise ExportError('%s: %s of %s is %r here but %r at %s'
                                      % (where, field, key, value, first, known['_where']))
        net = dict((field, values[field]) for field in NET_FIELDS if values[field] is not None)
        known['customer_onboarding_nets'].append(net)
        item = customer_reassignments([net], host_vars['customer_onboarding_customer'],
                                      host_vars['customer_onboarding_org_handle'])[0]
        places.append(where)
        items.append(item)
    try:
        for where, item in zip(places, items):
            _checks.option_text({where: dict(type='dict')}, {where: item})
        check_items(items, places)
    except InputError as error:
        raise ExportError(error.message)
    for host_vars in hosts.values():
        host_vars.pop('_where')
        host_vars.pop('_key')
    return hosts


def header_columns(path, names, line):
    """A CSV header names each known column once: a typo is reported on the header's line, not the first row's."""
    unknown = sorted(set(name for name in names if name not in KNOWN))
    if unknown:
        raise ExportError('%s:%d: unknown column %s (known: %s)'
                          % (path, line, ', '.join(repr(name) for name in unknown), ', '.join(sorted(KNOWN))))
    twice = sorted(set(name for name in names if names.count(name) > 1))
    if twice:
        raise ExportError('%s:%d: column %s given twice' % (path, line, ', '.join(twice)))


def read_rows(path, kind):
    """``(where, row)`` pairs from a CSV, JSON or YAML export: where is file:line or file item N."""
    try:
        with open(path) as handle:
            if kind == 'csv':
                reader = csv.DictReader(handle)
                header_columns(path, reader.fieldnames or [], reader.line_num)
                return [('%s:%d' % (path, reader.line_num), row) for row in reader]
            text = handle.read()
    except (IOError, OSError) as error:
        raise ExportError('%s cannot be read: %s' % (path, error))
    except csv.Error as error:
        raise ExportError('%s: not a CSV file: %s' % (path, error))
    try:
        if kind == 'yaml':
            import yaml
            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except ValueError as error:
        raise ExportError('%s: not %s: %s' % (path, kind.upper(), error))
    except Exception as error:  # yaml.YAMLError: its own line and column
        raise ExportError('%s: not YAML: %s' % (path, error))
    return data


def vrf_name(vrf):
    """The VRF of a NetBox prefix as text (its name, else its id); None for the global table."""
    if isinstance(vrf, dict):
        return to_native(vrf.get('name') or vrf.get('display') or vrf.get('id'))
    return to_native(vrf) if vrf else None


def netbox_rows(path, data, customers, field_prefix, statuses):
    """Rows from NetBox's ipam/prefixes answer (a list, or an object with ``results``), and why they may be partial.

    The reasons (one line each) name what the rows leave out: the other pages of a paged
    answer, prefixes skipped for want of a tenant.
    """
    results = data.get('results') if isinstance(data, dict) else data
    if not isinstance(results, list):
        raise ExportError('%s: not a NetBox prefixes list (no results)' % path)
    partial = []
    if isinstance(data, dict):
        count, following = data.get('count'), data.get('next')
        if following or (isinstance(count, int) and count > len(results)):
            partial.append('%s is one page of a NetBox answer (%d of %s prefixes%s): export with limit=0 or join '
                           'the pages' % (path, len(results), count if isinstance(count, int) else 'more',
                                          ', next %s' % following if following else ''))
    untenanted = []
    seen = {}
    rows = []
    for index, prefix in enumerate(results):
        where = '%s item %d' % (path, index + 1)
        if isinstance(prefix, dict) and set(prefix) == set(['key', 'value']):
            prefix = prefix['value']  # netbox.netbox.nb_lookup wraps each record as {key: id, value: record}
        if not isinstance(prefix, dict) or not prefix.get('prefix'):
            raise ExportError('%s: a NetBox prefix needs "prefix"' % where)
        vrf = vrf_name(prefix.get('vrf'))
        if vrf:
            where = '%s in VRF %s' % (where, vrf)
        status = prefix.get('status')
        status = status.get('value') if isinstance(status, dict) else status
        tenant = prefix.get('tenant') or {}
        if status not in statuses:
            continue
        if not tenant:
            untenanted.append('%s (%s)' % (where[len(path) + 1:], prefix['prefix']))
            continue
        first = seen.setdefault(prefix['prefix'], (where, vrf))
        if first[1] != vrf:
            # ARIN has no VRFs: the same prefix in two of them would be two declarations of one net.
            raise ExportError('%s: %s is also at %s; ARIN registers a prefix once, whatever the VRF: export the '
                              'prefixes of one VRF (NetBox filter vrf_id) or leave one of them out by status'
                              % (where, prefix['prefix'], first[0] if first[1] else first[0] + ' (no VRF)'))
        fields = prefix.get('custom_fields') or {}
        recipient = dict(customers.get(tenant.get('slug')) or {})
        row = {'prefix': prefix['prefix'], 'net_name': fields.get(field_prefix + 'net_name') or prefix.get('description'),
               'host': tenant.get('slug')}
        for name in ('type', 'parent_net_handle', 'tech_poc', 'abuse_poc', 'noc_poc'):
            if fields.get(field_prefix + name):
                row[name] = fields[field_prefix + name]
        if recipient.get('org_handle'):
            row['org_handle'] = recipient['org_handle']
        else:
            row['customer'] = recipient.pop('name', None) or tenant.get('name')
            if 'comments' in recipient:
                row['customer_comments'] = recipient.pop('comments')
            row.update(recipient)
        rows.append((where, row))
    if untenanted:
        partial.append('%s: %d %s prefix(es) without a tenant skipped: %s%s'
                       % (path, len(untenanted), '/'.join(statuses), ', '.join(untenanted[:5]),
                          ', ...' if len(untenanted) > 5 else ''))
    return rows, partial


class InventoryModule(BaseInventoryPlugin):
    NAME = 'arin.regrws.ipam_export'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('ipam.yml', 'ipam.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        export = os.path.expanduser(self.get_option('path'))
        if not os.path.isabs(export):
            export = os.path.join(os.path.dirname(path), export)
        kind = self.get_option('format')
        if kind == 'auto':
            extension = os.path.splitext(export)[1].lower()
            kind = {'.csv': 'csv', '.json': 'json', '.yml': 'yaml', '.yaml': 'yaml'}.get(extension)
            if kind is None:
                raise AnsibleParserError('%s: set format: the file name does not say csv, json or yaml' % export)
        partial = []
        try:
            rows = read_rows(export, 'json' if kind == 'netbox' else kind)
            if kind == 'netbox' or (kind == 'json' and isinstance(rows, dict) and 'results' in rows):
                rows, partial = netbox_rows(export, rows, self.get_option('netbox_customers'),
                                            self.get_option('netbox_field_prefix'), self.get_option('netbox_statuses'))
            elif kind != 'csv':
                if not isinstance(rows, list):
                    raise ExportError('%s: expected a list of rows' % export)
                rows = [('%s item %d' % (export, index + 1), row) for index, row in enumerate(rows)]
            hosts = customers_from_rows(rows, self.get_option('parents'), split_lists=kind == 'csv')
        except ExportError as error:
            raise AnsibleParserError(to_native(error))
        group = self.inventory.add_group(self.get_option('group'))
        # The customers are worked on from the controller, as in playbooks/inventory/customers.yml.
        self.inventory.set_variable(group, 'ansible_connection', 'local')
        # The job's own Python, which may not be the one that read the inventory (AWX syncs apart from its jobs).
        self.inventory.set_variable(group, 'ansible_python_interpreter', trust_as_template('{{ ansible_playbook_python }}'))
        if partial:
            # The playbooks refuse to prune, and the drift report to name orphans, on a partial declaration.
            for reason in partial:
                self.display.warning(reason)
            self.inventory.set_variable(group, 'arin_regrws_export_partial', '; '.join(partial))
        for name in sorted(hosts):
            self.inventory.add_host(name, group=group)
            for key, value in hosts[name].items():
                self.inventory.set_variable(name, key, value)
