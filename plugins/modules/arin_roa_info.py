#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_roa_info
short_description: Read the ROAs of an org's hosted RPKI at ARIN
version_added: 0.1.0
description:
  - Reads the ROAs (Route Origin Authorizations) of an org's hosted RPKI at ARIN with one request, one entry per
    prefix of each ROA, in the shape M(arin.regrws.arin_roas) declares them. Never writes.
  - Optionally keeps only the prefixes inside O(prefix), or of one O(origin_as).
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
options:
  org_handle:
    description:
      - The org whose ROAs to read, for example V(EXNET-1). The org must have hosted RPKI set up; ARIN refuses the
        listing otherwise.
    type: str
    required: true
  prefix:
    description:
      - Keep only the ROA prefixes equal to or inside this prefix, for example V(192.0.2.0/24).
    type: str
  origin_as:
    description:
      - Keep only the ROAs of this origin AS (V(64500) or V(AS64500)).
    type: raw
notes:
  - The listing is read with C(Content-Type) set although it has no body; ARIN's production service was seen to
    answer HTTP 415 otherwise.
seealso:
  - module: arin.regrws.arin_roa
  - module: arin.regrws.arin_roas
'''

EXAMPLES = r'''
- name: Read the ROAs of our allocation
  arin.regrws.arin_roa_info:
    environment: production
    org_handle: EXNET-1
    prefix: 192.0.2.0/24
  register: rpki

- name: Show which origins may announce it
  ansible.builtin.debug:
    msg: "{{ rpki.roas | map(attribute='origin_as') | unique }}"
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
roas:
  description: The ROA prefixes, in address order, then by origin AS and max length.
  returned: always
  type: list
  elements: dict
  contains:
    origin_as:
      description: The origin AS number.
      type: int
    prefix:
      description: The prefix, in canonical form (ARIN lists IPv4 zero-padded; that padding is removed).
      type: str
    max_length:
      description: The max length.
      type: int
    name:
      description: The ROA's name.
      type: str
    handle:
      description: ARIN's handle of the ROA; prefixes of one ROA share it.
      type: str
    auto_linked:
      description: Whether ARIN linked an IRR route object to this prefix.
      type: bool
    not_valid_before:
      description: Start of the ROA's validity.
      type: str
    not_valid_after:
      description: End of the ROA's validity (ARIN renews it).
      type: str
  sample:
    - origin_as: 64500
      prefix: 198.51.100.0/24
      max_length: 24
      name: EDGE ONLINE
      handle: 470f154f50cd43c53dcf6ff07f4f9d46
      auto_linked: false
      not_valid_before: "2026-01-15T10:00:00-05:00"
      not_valid_after: "2027-01-15T10:00:00-05:00"
'''

from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _rpki


def run(module):
    p = module.params
    inside = _rpki.prefixes([p['prefix']] if p['prefix'] else [], 'prefix')
    origin = _rpki.origin_as(p['origin_as']) if p['origin_as'] is not None else None
    rows = _rpki.read(module.api, p['org_handle'])
    rows = [row for row in rows if (not inside or _rpki.within(row, inside))
            and origin in (None, row['origin_as'])]
    return dict(changed=False, roas=rows)


def main():
    ArinModule(dict(
        org_handle=dict(type='str', required=True),
        prefix=dict(type='str'),
        origin_as=dict(type='raw'),
    )).run(run)


if __name__ == '__main__':
    main()
