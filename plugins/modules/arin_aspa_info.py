#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_aspa_info
short_description: Read the ASPAs of an org's hosted RPKI at ARIN
version_added: 0.1.0
description:
  - Reads the ASPAs (Autonomous System Provider Authorizations) of an org's hosted RPKI at ARIN with one request, one
    entry per customer AS, in the shape M(arin.regrws.arin_aspa) declares them. Never writes.
  - Optionally keeps only the ASPA of one O(customer_as).
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
options:
  org_handle:
    description:
      - The org whose ASPAs to read, for example V(EXNET-1). The org must have hosted RPKI set up; ARIN refuses the
        listing otherwise.
    type: str
    required: true
  customer_as:
    description:
      - Keep only the ASPA of this customer AS (V(64501) or V(AS64501)).
    type: raw
notes:
  - The listing is read with C(Content-Type) set although it has no body; ARIN's production service was seen to
    answer HTTP 415 otherwise.
seealso:
  - module: arin.regrws.arin_aspa
  - module: arin.regrws.arin_roa_info
'''

EXAMPLES = r'''
- name: Read the ASPA of AS64501
  arin.regrws.arin_aspa_info:
    environment: production
    org_handle: EXNET-1
    customer_as: AS64501
  register: rpki

- name: Show its providers
  ansible.builtin.debug:
    msg: "{{ rpki.aspas | map(attribute='providers') | first | default([]) }}"
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
aspas:
  description: The ASPAs, by customer AS.
  returned: always
  type: list
  elements: dict
  contains:
    customer_as:
      description: The customer AS number.
      type: int
    providers:
      description: The provider AS numbers, sorted (ARIN gives the set no order).
      type: list
      elements: int
  sample:
    - customer_as: 64501
      providers: [174, 3356]
'''

from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _rpki


def run(module):
    p = module.params
    customer = _rpki.origin_as(p['customer_as'], 'customer_as') if p['customer_as'] is not None else None
    rows = _rpki.read_aspas(module.api, p['org_handle'])
    return dict(changed=False, aspas=[row for row in rows if customer in (None, row['customer_as'])])


def main():
    ArinModule(dict(
        org_handle=dict(type='str', required=True),
        customer_as=dict(type='raw'),
    )).run(run)


if __name__ == '__main__':
    main()
