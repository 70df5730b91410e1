#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_delegation_info
short_description: Read the reverse DNS delegations of ARIN address space
version_added: 0.1.0
description:
  - Reads reverse DNS delegations (nameservers and DS records) from ARIN by name, every delegation
    of a net, or every delegation of a prefix. Never writes.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
options:
  names:
    description:
      - Delegation names, for example V(2.0.192.in-addr.arpa.). Case and the trailing dot do not matter.
      - Exactly one of O(names), O(net_handle) and O(prefix) is required.
    type: list
    elements: str
    aliases: [name]
  net_handle:
    description:
      - Handle of a net whose delegations to read (every zone ARIN made for its blocks, in one request).
    type: str
  prefix:
    description:
      - A CIDR prefix whose delegations to read, one request per zone. A prefix between boundaries stands for
        every zone of the next boundary inside it (V(192.0.2.0/23) is two C(/24) zones, V(10.0.0.0/18) sixty-four).
    type: str
  missing:
    description:
      - What to do with a delegation ARIN does not have (O(names) and O(prefix)). V(fail) fails the task;
        V(skip) leaves it out of the result and lists its name in RV(missing).
    type: str
    choices: [fail, skip]
    default: fail
notes:
  - ARIN answers HTTP 401 for a delegation of space the key's web user has no authority over.
seealso:
  - module: arin.regrws.arin_delegation
'''

EXAMPLES = r'''
- name: Read the reverse DNS of every block of our allocation
  arin.regrws.arin_delegation_info:
    environment: production
    net_handle: NET-192-0-2-0-1
  register: reverse

- name: Read the two /24 zones of a /23
  arin.regrws.arin_delegation_info:
    environment: production
    prefix: 198.51.100.0/23
    missing: skip
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
  description: The delegations, in address order, in the shape M(arin.regrws.arin_delegation) takes.
  returned: always
  type: list
  elements: dict
  sample:
    - name: 2.0.192.in-addr.arpa.
      nameservers: [NS1.EXAMPLE.NET, NS2.EXAMPLE.NET]
      ds_records:
        - key_tag: 2371
          algorithm: 13
          digest_type: 2
          digest: 2BB183AF5F22588179A53B0A98631FAD1A292118E7A1C56A2E8C4F8C1E3A9A7B
missing:
  description: Delegation names ARIN does not have, with O(missing=skip).
  returned: always
  type: list
  elements: str
  sample: []
'''

from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _delegations


def run(module):
    p = module.params
    if p['net_handle']:
        docs = module.api.net_delegations(p['net_handle'])
        return dict(changed=False, delegations=[_delegations.read(doc) for doc in docs], missing=[])
    names = ([_delegations.canonical_name(name) for name in p['names']] if p['names']
             else _delegations.names_for_prefix(p['prefix']))
    delegations, missing = [], []
    for name in names:
        doc = (module.find(lambda name=name: module.api.get_delegation(name)) if p['missing'] == 'skip'
               else module.api.get_delegation(name))
        if doc is None:
            missing.append(name)
        else:
            delegations.append(_delegations.read(doc))
    return dict(changed=False, delegations=delegations, missing=missing)


def main():
    ArinModule(dict(
        names=dict(type='list', elements='str', aliases=['name']),
        net_handle=dict(type='str'),
        prefix=dict(type='str'),
        missing=dict(type='str', default='fail', choices=['fail', 'skip']),
    ), mutually_exclusive=[('names', 'net_handle', 'prefix')],
        required_one_of=[('names', 'net_handle', 'prefix')]).run(run)


if __name__ == '__main__':
    main()
