#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_poc_email
short_description: Manage one e-mail address of an ARIN POC
version_added: 0.1.0
description:
  - Adds or removes one e-mail address of a POC at ARIN, leaving its other addresses as they are.
  - Addresses are compared without regard to case.
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
  email:
    description:
      - The e-mail address.
    type: str
    required: true
  state:
    description:
      - Whether the address should be present or absent.
      - ARIN refuses to remove a POC's last e-mail address.
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Natural key: the POC handle plus the address, compared case-insensitively."
seealso:
  - module: arin.regrws.arin_poc
  - module: arin.regrws.arin_poc_phone
'''

EXAMPLES = r'''
- name: Add the peering desk's address to the NOC POC
  arin.regrws.arin_poc_email:
    environment: production
    handle: NOC1-ARIN
    email: peering@example.net

- name: Retire an old address
  arin.regrws.arin_poc_email:
    environment: production
    handle: NOC1-ARIN
    email: old-noc@example.net
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
  description: The POC's handle and its e-mail addresses after the task (in check mode, as they would be).
  returned: success
  type: dict
  sample:
    handle: NOC1-ARIN
    emails:
      - noc@example.net
      - peering@example.net
'''

from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule, Outcome
from ansible_collections.arin.regrws.plugins.module_utils import _checks
from ansible_collections.arin.regrws.plugins.module_utils._views import POC_EMAILS


def run(module):
    p = module.params
    handle, email = p['handle'], p['email'].strip()
    _checks.emails([email])
    _checks.ascii_only({'email': email})
    poc = module.api.get_poc(handle)
    emails = POC_EMAILS.read(poc)['emails']
    stored = [e for e in emails if e.lower() == email.lower()]

    def has_email():
        return [e for e in POC_EMAILS.read(module.api.get_poc(handle))['emails'] if e.lower() == email.lower()]

    if (p['state'] == 'present') == bool(stored):
        return module.result(POC_EMAILS, 'poc', Outcome(False, poc, poc))
    if p['state'] == 'present':
        planned = POC_EMAILS.apply(poc, {'emails': emails + [email]})
        write = (lambda: module.api.add_email(handle, email)), (lambda: module.api.get_poc(handle) if has_email() else None)
    else:
        planned = POC_EMAILS.apply(poc, {'emails': [e for e in emails if e not in stored]})
        # Delete by the spelling ARIN stored: the URL is matched literally.
        write = (lambda: module.api.delete_email(handle, stored[0])), (lambda: None if has_email() else {})
    after = planned if module.check_mode else module.write(*write) or planned
    return module.result(POC_EMAILS, 'poc', Outcome(True, poc, after))


def main():
    ArinModule(dict(
        handle=dict(type='str', required=True),
        email=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    )).run(run)


if __name__ == '__main__':
    main()
