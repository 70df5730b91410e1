#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_org_info
short_description: Read ARIN organization (org) records with their POC links
version_added: 0.1.0
description:
  - Reads one or more org records from ARIN by handle, with their POC links. Never writes.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
  - arin.regrws.regrws.HANDLES
notes:
  - O(handles) are org handles, for example V(EXNET-1).
  - An org whose creation request is still under review is not known yet.
  - ARIN answers HTTP 401 for an org that the key's web user has no authority over.
  - The tax ID of an org is never returned.
seealso:
  - module: arin.regrws.arin_org
  - module: arin.regrws.arin_org_poc
'''

EXAMPLES = r'''
- name: Read our org
  arin.regrws.arin_org_info:
    environment: production
    handles:
      - EXNET-1
  register: ours

- name: Show the handle of its Admin POC
  ansible.builtin.debug:
    msg: "{{ ours.orgs[0].poc_links | selectattr('function', 'equalto', 'AD') | map(attribute='handle') | first }}"
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
orgs:
  description:
    - The org records, in the order of O(handles), in the shape M(arin.regrws.arin_org) takes (without the tax ID).
    - POC links are sorted by function, then handle.
  returned: always
  type: list
  elements: dict
  sample:
    - handle: EXNET-1
      org_name: Example Networks LLC
      dba_name: null
      org_url: null
      poc_links:
        - {function: AB, handle: ABUSE1-ARIN}
        - {function: AD, handle: ADMIN1-ARIN}
        - {function: N, handle: NOC1-ARIN}
        - {function: T, handle: NOC1-ARIN}
      accept_reassignments: true
      street_address: [100 Example Way]
      city: Anytown
      region: VA
      postal_code: "22000"
      country: US
      comments: []
      registration_date: "2026-11-27T10:02:11-05:00"
missing:
  description: Handles ARIN does not know, with O(missing=skip).
  returned: always
  type: list
  elements: str
  sample: []
unreadable:
  description: Handles ARIN answered HTTP 401 for (no authority over the record), with O(unreadable=skip).
  returned: always
  type: list
  elements: str
  sample: []
'''

from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils._views import ORG


def main():
    ArinModule.info_by_handle(ORG, 'orgs', lambda api: api.get_org)


if __name__ == '__main__':
    main()
