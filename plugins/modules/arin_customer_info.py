#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_customer_info
short_description: Read ARIN customer records
version_added: 0.1.0
description:
  - Reads one or more customer records from ARIN by handle. Never writes.
  - ARIN offers no search for customers; the handle is the only way to read one.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
  - arin.regrws.regrws.HANDLES
notes:
  - O(handles) are customer handles, for example V(C01234567).
  - ARIN answers HTTP 401 for a customer that the key's web user has no authority over.
seealso:
  - module: arin.regrws.arin_customer
  - module: arin.regrws.arin_net_reassign
'''

EXAMPLES = r'''
- name: Read a customer
  arin.regrws.arin_customer_info:
    environment: production
    handles:
      - C01234567
  register: found

- name: Show whether it is hidden in public Whois
  ansible.builtin.debug:
    msg: "{{ found.customers[0].private }}"
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
customers:
  description: The customer records, in the order of O(handles), in the shape M(arin.regrws.arin_customer) takes.
  returned: always
  type: list
  elements: dict
  sample:
    - handle: C01234567
      customer_name: Example Bakery
      street_address: [12 Sample Road]
      city: Anytown
      region: VA
      postal_code: "22000"
      country: US
      comments: []
      private: true
      parent_org_handle: EXNET-1
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
from ansible_collections.arin.regrws.plugins.module_utils._views import CUSTOMER


def main():
    ArinModule.info_by_handle(CUSTOMER, 'customers', lambda api: api.get_customer)


if __name__ == '__main__':
    main()
