#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_org_poc
short_description: Link a POC to an ARIN org in one function, or remove that link
version_added: 0.1.0
description:
  - Makes sure one POC link of an org, identified by the org, the POC and the link function, is present or absent
    at ARIN. The org's other links are left as they are, except for the Admin (see O(function)).
  - The module reads the org first and writes only when the link is not already as requested.
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
  org_handle:
    description:
      - Handle of the org, for example V(EXNET-1).
    type: str
    required: true
  poc_handle:
    description:
      - Handle of the POC, for example V(NOC1-ARIN). Compared without regard to case.
    type: str
    required: true
  function:
    description:
      - The link function. V(AD) Admin, V(AB) Abuse, V(N) NOC, V(T) Tech, V(R) Routing, V(D) DNS.
      - An org has exactly one Admin. With O(state=present), O(function=AD) makes this POC the Admin and so
        replaces the current Admin. ARIN refuses to add an Admin link directly, so the module sends the whole org
        back with the new link set (Modify Org).
      - "O(function=AD) with O(state=absent) is refused before any request: an org cannot be left without an
        Admin. Link another Admin instead."
    type: str
    required: true
    choices: [AD, AB, N, T, R, D]
  state:
    description:
      - Whether the link should be present or absent.
      - Every org needs at least one Tech and one Abuse link. Removing the last one fails with ARIN's validation
        error (HTTP 400).
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Natural key: O(org_handle), O(poc_handle) and O(function). The same POC may hold several functions on one
    org; each is a separate link."
  - A removal always names both the POC and the function, the only form of ARIN's Remove POC from Org call known to
    be accepted everywhere.
  - To set all the links of an org at once, give O(arin.regrws.arin_org#module:poc_links) to
    M(arin.regrws.arin_org) instead.
  - The key's user needs authority over the org (linked to its Admin or a Tech POC).
seealso:
  - module: arin.regrws.arin_org
  - module: arin.regrws.arin_org_info
  - module: arin.regrws.arin_poc
'''

EXAMPLES = r'''
- name: Make the NOC role POC the abuse contact of our org too
  arin.regrws.arin_org_poc:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    org_handle: EXNET-1
    poc_handle: NOC1-ARIN
    function: AB

- name: Hand the Admin role to another POC (replaces the current Admin)
  arin.regrws.arin_org_poc:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    org_handle: EXNET-1
    poc_handle: NEWADMIN1-ARIN
    function: AD

- name: Stop listing the former NOC (the key comes from the ARIN_API_KEY environment variable)
  arin.regrws.arin_org_poc:
    environment: production
    org_handle: EXNET-1
    poc_handle: OLDNOC1-ARIN
    function: N
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
org:
  description:
    - The org's handle and all its POC links after the task; in check mode, as they would be.
    - Links are sorted by function, then handle.
  returned: success
  type: dict
  sample:
    handle: EXNET-1
    poc_links:
      - function: AB
        handle: ABUSE1-ARIN
      - function: AB
        handle: NOC1-ARIN
      - function: AD
        handle: ADMIN1-ARIN
      - function: N
        handle: NOC1-ARIN
      - function: T
        handle: NOC1-ARIN
error:
  description: What went wrong, when the task failed; includes ARIN's own error payload.
  returned: failure
  type: dict
  sample:
    kind: api
    operation: unlink poc/NOC1-ARIN from org/EXNET-1 as T
    status: 400
    code: E_ENTITY_VALIDATION
    arin_message: Payload has an invalid field.
    components:
      - name: pocLinks
        message: An organization needs at least one Tech POC.
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec
from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils._org_links import set_link
from ansible_collections.arin.regrws.plugins.module_utils._views import ORG_POC_LINKS, POC_FUNCTIONS


def run(module):
    p = module.params
    org_handle, poc_handle, function = p['org_handle'], p['poc_handle'].strip(), p['function']
    present = p['state'] == 'present'
    if not present and function == 'AD':
        raise InputError('the Admin link of org/%s cannot be removed: an org needs exactly one Admin; link the new '
                         'Admin with function AD and state present instead, which replaces the current one'
                         % org_handle)
    outcome = set_link(module, org_handle, module.api.get_org(org_handle), poc_handle, function, present)
    return module.result(ORG_POC_LINKS, 'org', outcome)


def main():
    ArinModule(ArgumentSpec(dict(
        org_handle=dict(type='str', required=True),
        poc_handle=dict(type='str', required=True),
        function=dict(type='str', required=True, choices=list(POC_FUNCTIONS)),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    ))).run(run)


if __name__ == '__main__':
    main()
