#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_poc_phone
short_description: Manage one phone number of an ARIN POC
version_added: 0.1.0
description:
  - Adds or removes one phone number of a POC at ARIN, leaving its other phones as they are.
  - A phone is identified by its type and number. A changed extension is a removal followed by an addition, since
    ARIN keeps the old extension when the same phone is added again.
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
  handle:
    description:
      - Handle of the POC, for example V(NOC1-ARIN).
    type: str
    required: true
  type:
    description:
      - V(O) office, V(F) fax, V(M) mobile.
      - Required with O(state=present). With O(state=absent), removes the phones of this type (all of them when
        O(number) is not given).
    type: str
    choices: [O, F, M]
  number:
    description:
      - The number exactly as ARIN stores it, for example V(+1-555-555-0100); ARIN matches it literally.
      - Required with O(state=present). With O(state=absent), removes this number (under every type when O(type)
        is not given).
    type: str
  extension:
    description:
      - Extension. When omitted, an existing phone's extension is left as it is; an empty string means no
        extension.
    type: str
  state:
    description:
      - Whether the phone should be present or absent.
      - ARIN refuses to remove a POC's last office phone.
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Natural key: the POC handle plus the phone's type and number."
seealso:
  - module: arin.regrws.arin_poc
  - module: arin.regrws.arin_poc_email
'''

EXAMPLES = r'''
- name: Add a mobile number to the NOC POC
  arin.regrws.arin_poc_phone:
    environment: production
    handle: NOC1-ARIN
    type: M
    number: +1-555-555-0142

- name: Remove every fax number
  arin.regrws.arin_poc_phone:
    environment: production
    handle: NOC1-ARIN
    type: F
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
poc:
  description: The POC's handle and its phones after the task (in check mode, as they would be).
  returned: success
  type: dict
  sample:
    handle: NOC1-ARIN
    phones:
      - type: M
        number: +1-555-555-0142
        extension: null
      - type: O
        number: +1-555-555-0100
        extension: null
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule, Outcome
from ansible_collections.arin.regrws.plugins.module_utils._normalize import phone_key, phone_payload
from ansible_collections.arin.regrws.plugins.module_utils._views import POC_PHONES


def run(module):
    p = module.params
    handle, phone_type = p['handle'], p['type']
    number = p['number'].strip() if p['number'] else None
    poc = module.api.get_poc(handle)
    phones = POC_PHONES.read(poc)['phones']

    def current():
        return POC_PHONES.read(module.api.get_poc(handle))['phones']

    if p['state'] == 'present':
        wanted = {'type': phone_type, 'number': number, 'extension': (p['extension'] or '').strip() or None}
        same = [phone for phone in phones if phone_key(phone) == phone_key(wanted)]
        if same and p['extension'] is None:
            wanted['extension'] = same[0]['extension']
        remove, add = same if same and same[0] != wanted else [], [] if same and same[0] == wanted else [wanted]
    else:
        remove = [phone for phone in phones
                  if (number is None or phone['number'] == number) and (phone_type is None or phone['type'] == phone_type)]
        add = []

    after = [phone for phone in phones if phone not in remove] + add
    if (remove or add) and not module.check_mode:
        if remove:
            module.write(lambda: module.api.delete_phone(handle, number, phone_type),
                         lambda: {} if not [x for x in current() if x in remove] else None)
        for phone in add:
            module.write(lambda: module.api.add_phone(handle, phone_payload(phone)),
                         lambda: {} if phone in current() else None)
    outcome = Outcome(bool(remove or add), poc, POC_PHONES.apply(poc, {'phones': after}))
    return module.result(POC_PHONES, 'poc', outcome)


def main():
    ArinModule(ArgumentSpec(
        dict(
            handle=dict(type='str', required=True),
            type=dict(type='str', choices=['O', 'F', 'M']),
            number=dict(type='str'),
            extension=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
        ),
        required_if=[('state', 'present', ('type', 'number'))],
        required_one_of=[('type', 'number')],
    )).run(run)


if __name__ == '__main__':
    main()
