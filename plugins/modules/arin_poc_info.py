#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_poc_info
short_description: Read ARIN Point of Contact (POC) records
version_added: 0.1.0
description:
  - Reads one or more POC records from ARIN by handle. Never writes.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
  - arin.regrws.regrws.HANDLES
notes:
  - O(handles) are POC handles, for example V(NOC1-ARIN).
  - ARIN answers HTTP 401 for a POC that the key's web user has no authority over.
seealso:
  - module: arin.regrws.arin_poc
'''

EXAMPLES = r'''
- name: Read our NOC and abuse contacts
  arin.regrws.arin_poc_info:
    environment: production
    handles:
      - NOC1-ARIN
      - ABUSE1-ARIN
  register: contacts

- name: Show the NOC's e-mail addresses
  ansible.builtin.debug:
    msg: "{{ contacts.pocs[0].emails }}"
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
pocs:
  description: The POC records, in the order of O(handles), in the shape M(arin.regrws.arin_poc) takes.
  returned: always
  type: list
  elements: dict
  sample:
    - handle: NOC1-ARIN
      contact_type: ROLE
      first_name: null
      middle_name: null
      last_name: Example Networks NOC
      company_name: Example Networks LLC
      street_address: [100 Example Way]
      city: Anytown
      region: VA
      postal_code: "22000"
      country: US
      comments: []
      emails: [noc@example.net]
      phones:
        - type: O
          number: +1-555-555-0100
          extension: null
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
from ansible_collections.arin.regrws.plugins.module_utils._views import POC


def main():
    ArinModule.info_by_handle(POC, 'pocs', lambda api: api.get_poc)


if __name__ == '__main__':
    main()
