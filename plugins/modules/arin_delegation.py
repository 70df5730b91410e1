#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_delegation
short_description: Manage the reverse DNS nameservers and DS records of ARIN delegations
version_added: 0.1.0
description:
  - Declares the nameservers, and optionally the DNSSEC DS records, of a reverse DNS delegation at ARIN
    (an C(in-addr.arpa) or C(ip6.arpa) zone of address space registered at ARIN).
  - Reads the delegation, then sends only the difference. Nameserver changes add and remove one nameserver
    at a time, additions first, so the zone never has fewer servers than either set; a DS change is one
    Modify Delegation call carrying the whole set; removing every nameserver is one call.
  - Delegations are not created or deleted. ARIN creates them with the net, at the boundaries it delegates
    (/8, /16 or /24 for IPv4, nibble boundaries for IPv6); this module sets what they contain.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
options:
  name:
    description:
      - The delegation name, for example V(2.0.192.in-addr.arpa.) or V(8.b.d.0.1.0.0.2.ip6.arpa.).
        Case and the trailing dot do not matter.
      - Exactly one of O(name) and O(prefix) is required.
    type: str
  prefix:
    description:
      - A CIDR prefix whose delegations to manage, for example V(192.0.2.0/24) or V(2001:db8:1000::/36).
      - A prefix between boundaries stands for every delegation of the next boundary inside it, all declared
        alike; V(192.0.2.0/23) is two C(/24) zones, V(2001:db8::/35) two C(/36) zones.
        IPv4 prefixes longer than C(/24) are refused (ARIN has no delegations for them).
    type: str
  nameservers:
    description:
      - The nameservers the delegation should have, as host names. Compared as ARIN stores them
        (upper case, without the trailing dot).
      - Required with O(state=present).
    type: list
    elements: str
  ds_records:
    description:
      - The DS records the delegation should have. Leave out to keep the current ones; V([]) removes them all.
      - Only with a single delegation (O(name), or a O(prefix) that is one zone).
    type: list
    elements: dict
    suboptions:
      key_tag:
        description: The key tag of the DNSKEY (0-65535).
        type: int
        required: true
      algorithm:
        description:
          - The DNSSEC algorithm number. ARIN accepts V(5), V(7), V(8), V(10), V(13), V(14), V(15) and V(16).
        type: int
        required: true
      digest_type:
        description:
          - The digest type. ARIN accepts V(1) (SHA-1, 40 hexadecimal digits), V(2) (SHA-256, 64),
            V(3) (32 digits) and V(4) (SHA-384, 96).
        type: int
        required: true
      digest:
        description:
          - The digest in hexadecimal; case and spaces do not matter.
        type: str
        required: true
  state:
    description:
      - V(present) makes the nameservers (and O(ds_records) when given) exactly as declared.
      - V(absent) removes every nameserver and, since a DS record needs the zone delegated, every DS record.
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Natural key: the delegation name."
  - Changes reach the DNS within 24 hours, ARIN says; the module reports what ARIN's registry holds.
  - ARIN's per-nameserver and per-record TTLs are not compared and cannot be set here; a Modify Delegation (a DS
    change) sends back the TTLs of the nameservers and DS records it keeps, and the names ARIN gives algorithms and
    digest types, as ARIN holds them.
seealso:
  - module: arin.regrws.arin_delegation_info
  - module: arin.regrws.arin_net
'''

EXAMPLES = r'''
- name: Point the reverse zone of 192.0.2.0/24 at our nameservers
  arin.regrws.arin_delegation:
    environment: production
    prefix: 192.0.2.0/24
    nameservers:
      - ns1.example.net
      - ns2.example.net

- name: Publish the DS record of the signed IPv6 reverse zone
  arin.regrws.arin_delegation:
    environment: production
    name: 8.b.d.0.1.0.0.2.ip6.arpa.
    nameservers:
      - ns1.example.net
      - ns2.example.net
    ds_records:
      - key_tag: 2371
        algorithm: 13
        digest_type: 2
        digest: 2BB183AF5F22588179A53B0A98631FAD1A292118E7A1C56A2E8C4F8C1E3A9A7B

- name: Stop delegating a /23 (both /24 zones)
  arin.regrws.arin_delegation:
    environment: production
    prefix: 198.51.100.0/23
    state: absent
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
delegations:
  description: Each delegation after the task (in check mode, as it would be), in the order of the zones.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: The delegation name, lower case with the trailing dot.
      type: str
    nameservers:
      description: The nameservers, sorted, as ARIN stores them.
      type: list
      elements: str
    ds_records:
      description: The DS records, sorted, in the shape of O(ds_records).
      type: list
      elements: dict
  sample:
    - name: 2.0.192.in-addr.arpa.
      nameservers: [NS1.EXAMPLE.NET, NS2.EXAMPLE.NET]
      ds_records: []
'''

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _delegations


def declaration(params):
    """(names, nameservers, ds_records) from the task, checked before any request."""
    names = ([_delegations.canonical_name(params['name'])] if params['name']
             else _delegations.names_for_prefix(params['prefix']))
    present = params['state'] == 'present'
    servers = [_delegations.nameserver(host) for host in params['nameservers'] or []]
    if present and not servers:
        raise InputError('state=present needs at least one nameserver; state=absent removes them')
    if not present and (servers or params['ds_records']):
        raise InputError('state=absent removes every nameserver and DS record: give neither nameservers '
                         'nor ds_records')
    records = None
    if params['ds_records'] is not None:
        if len(names) > 1:
            raise InputError('ds_records belong to one zone, but %s is %d delegations (%s): give each name'
                             % (params['prefix'], len(names), ', '.join(names)))
        records = [_delegations.ds_record(record) for record in params['ds_records']]
    return names, servers, records


def reconcile(module, name, servers, records):
    """(changed, before, after) for one delegation."""
    api = module.api
    doc = api.get_delegation(name)
    before = _delegations.read(doc)
    steps, planned = _delegations.plan(name, before, servers, records, _delegations.spellings(doc), doc)
    if not steps or module.check_mode:
        return bool(steps), before, planned if steps else before
    answer = doc
    for step in steps:
        def confirm(step=step):
            record = api.get_delegation(name)
            return record if step.visible(_delegations.read(record)) else None
        answer = module.write(lambda step=step: getattr(api, step.call)(*step.args), confirm)
    return True, before, _delegations.read(answer)


def run(module):
    names, servers, records = declaration(module.params)
    changed, before, after = False, {}, {}
    delegations = []
    for name in names:
        one_changed, before[name], after[name] = reconcile(module, name, servers, records)
        changed = changed or one_changed
        delegations.append(after[name])
    result = dict(changed=changed, delegations=delegations)
    if module.ansible._diff:
        result['diff'] = dict(before=before, after=after, before_header='delegations', after_header='delegations')
    return result


def main():
    ArinModule(dict(
        name=dict(type='str'),
        prefix=dict(type='str'),
        nameservers=dict(type='list', elements='str'),
        ds_records=dict(type='list', elements='dict', options=dict(
            key_tag=dict(type='int', required=True, no_log=False),
            algorithm=dict(type='int', required=True),
            digest_type=dict(type='int', required=True),
            digest=dict(type='str', required=True),
        )),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    ), mutually_exclusive=[('name', 'prefix')], required_one_of=[('name', 'prefix')]).run(run)


if __name__ == '__main__':
    main()
