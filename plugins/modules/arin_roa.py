#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_roa
short_description: Manage one ROA of an org's hosted RPKI at ARIN
version_added: 0.1.0
description:
  - Declares that an origin AS may (or may not) announce a prefix of the org's space, with a max length, as a ROA
    (Route Origin Authorization) in ARIN's hosted RPKI.
  - Reads the org's ROAs with one request, then sends at most one RPKI transaction, which ARIN applies whole or not
    at all. ARIN has no modify for ROAs, so a change of max length or name is one transaction that deletes the old ROA
    and adds the new one (which gets a new handle), and O(exclusive=true) makes a change of origin AS one such
    transaction too.
  - The org must have hosted RPKI set up, and the prefix must be on its resource certificate (its direct
    allocations and assignments; ARIN does not put space reallocated or reassigned to the org there).
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the ROAs and reports the transaction it would send (RV(transaction)), without sending it.
  diff_mode:
    support: full
    details:
      - The diff shows each ROA prefix concerned, by origin AS and prefix, with its max length and name.
options:
  org_handle:
    description:
      - The org whose hosted RPKI holds the ROA, for example V(EXNET-1).
    type: str
    required: true
  origin_as:
    description:
      - The origin AS, as a number (V(64500)) or with its C(AS) prefix (V(AS64500)). V(0) makes an AS0 ROA, which says
        that nobody may announce the prefix.
      - The origin need not be one of the org's ASNs. ARIN refuses reserved ASNs.
    type: raw
    required: true
  prefix:
    description:
      - The prefix, for example V(192.0.2.0/24) or V(2001:db8::/32). Host bits must be zero.
    type: str
    required: true
  max_length:
    description:
      - The longest prefix the origin AS may announce inside O(prefix), from its length to 32 (IPv4) or 128 (IPv6).
        RFC 9319 recommends the prefix length itself unless more specifics are announced.
      - Defaults to the prefix length, as at ARIN. With O(state=absent) and no O(max_length), the ROA of this origin
        and prefix goes whatever its max length.
    type: int
  name:
    description:
      - The ROA's name, 1 to 256 letters, digits, spaces or hyphens.
      - When omitted, the name of the ROA ARIN holds is kept; a new ROA is named after what it authorizes, for example
        C(AS64500-192-0-2-0-24). A different name replaces the ROA (ARIN cannot rename one).
    type: str
  exclusive:
    description:
      - Also delete the ROAs of O(prefix) (exactly this prefix) that name another origin AS, in the same transaction,
        so that moving a prefix to another origin AS is one atomic change.
      - Only with O(state=present).
    type: bool
    default: false
  state:
    description:
      - V(present) makes the ROA exist as declared; V(absent) deletes the ROA of this origin AS and prefix.
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Natural key: the origin AS, prefix and max length. ARIN's ROA handle changes on every replacement and is never
    used to find a ROA. ARIN holds at most one ROA per origin AS and prefix (it refuses a second one, even with
    another max length or name), so a ROA with the same origin AS and prefix but another max length or name is
    replaced by the declared one."
  - "Requests: one listing of the org's ROAs (C(GET /rest/roa/{org})); then, only when something differs, one
    transaction (C(POST /rest/rpki/{org})). A rerun that changes nothing makes the listing only."
  - "A ROA made in ARIN Online may carry several prefixes. Changing one of them deletes that ROA's handle, so the
    transaction also adds its other prefixes again, as one ROA of the same origin AS and name; they get a new handle
    (RV(changes) lists them as V(reissued))."
  - "When the answer to the transaction is lost (timeout, dropped connection, a 5xx from a proxy), the ROAs are listed
    again before anything else: if the listing shows the transaction applied, the task reports it; if it shows nothing
    of it, the task fails and says that running it again is safe. The transaction is never sent twice."
  - "Route objects: the transaction sends C(autoLink=false), so ARIN's IRR Auto-Manager makes no route object for a
    new ROA, and a deleted ROA's auto-linked route objects stay (unlinked). A ROA that ARIN Online linked to route
    objects loses that link when this module replaces it."
  - "The ROA reaches ARIN's RPKI repository within minutes to 24 hours (ARIN's pages say both); ARIN renews every ROA
    made this way on its own."
  - "Where ARIN's documentation leaves a question open, the module takes the safest reading: deletes go first in
    the transaction (a replacement relies on it, and it worked in OT&E); the transaction's answer is advisory (the ROAs
    are listed again when it does not show every add with its handle); ROA names follow ARIN's older ROA page; only
    the AS number, prefix and max length are checked locally, and ARIN's own refusal is shown for the rest. The
    routing security guide lists each question and the reading taken."
seealso:
  - module: arin.regrws.arin_roas
  - module: arin.regrws.arin_roa_info
  - name: ARIN RPKI RESTful API
    description: ARIN's guide to the hosted RPKI transaction and the ROA listing.
    link: https://www.arin.net/resources/manage/rpki/rpki-restful/
'''

EXAMPLES = r'''
- name: Let AS64500 originate 192.0.2.0/24 and its /25s
  arin.regrws.arin_roa:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    org_handle: EXNET-1
    origin_as: AS64500
    prefix: 192.0.2.0/24
    max_length: 25
    name: CUST-WIDGETS

- name: Move the prefix to AS64501 in one atomic replacement
  arin.regrws.arin_roa:
    environment: production
    org_handle: EXNET-1
    origin_as: 64501
    prefix: 192.0.2.0/24
    exclusive: true

- name: Withdraw the authorization
  arin.regrws.arin_roa:
    environment: production
    org_handle: EXNET-1
    origin_as: 64501
    prefix: 192.0.2.0/24
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
roa:
  description:
    - The declared ROA prefix as ARIN holds it after the task (in check mode, as it would); V({}) when absent.
  returned: success
  type: dict
  contains:
    origin_as:
      description: The origin AS number.
      type: int
      sample: 64500
    prefix:
      description: The prefix, in canonical form.
      type: str
      sample: 192.0.2.0/24
    max_length:
      description: The max length (the prefix length when none was given).
      type: int
      sample: 25
    name:
      description: The ROA's name.
      type: str
      sample: CUST-WIDGETS
    handle:
      description: ARIN's handle of the ROA holding the prefix; null in check mode for a ROA not made yet.
      type: str
      sample: 7d1e0b44c2a54f9e9a3f6c0d8b2e1a55
    auto_linked:
      description: Whether ARIN linked an IRR route object to this prefix of the ROA.
      type: bool
    not_valid_before:
      description: Start of the ROA's validity, as ARIN set it.
      type: str
    not_valid_after:
      description: End of the ROA's validity (ARIN renews it).
      type: str
changes:
  description:
    - One entry per ROA prefix the task added, replaced, removed or added again (in check mode, would).
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(added), V(replaced), V(removed), or V(reissued) (another prefix of its ROA changed).
      type: str
    origin_as:
      description: The origin AS.
      type: int
    prefix:
      description: The prefix.
      type: str
    max_length:
      description: The max length (after the change, for a replacement).
      type: int
    name:
      description: The name (after the change, for a replacement).
      type: str
    handle:
      description: The handle after the task; null for removed prefixes and in check mode.
      type: str
    old_handle:
      description: The handle before the task; null for added prefixes.
      type: str
    changes:
      description: For a replacement, each field that differs as V([at ARIN, declared]).
      type: dict
      sample: {"max_length": [24, 25]}
    pruned:
      description: Always false here (see M(arin.regrws.arin_roas)).
      type: bool
  sample:
    - action: replaced
      origin_as: 64500
      prefix: 192.0.2.0/24
      max_length: 25
      name: CUST-WIDGETS
      handle: 7d1e0b44c2a54f9e9a3f6c0d8b2e1a55
      old_handle: 0f3c2a9e5d7b41c08e6a1b2c3d4e5f60
      changes: {"max_length": [24, 25]}
      pruned: false
transaction:
  description:
    - The transaction sent (in check mode, that would be sent); empty lists when nothing differs.
  returned: success
  type: dict
  contains:
    delete:
      description: The ROA handles deleted.
      type: list
      elements: str
    add:
      description: The ROAs added, each with its origin AS, name and prefixes.
      type: list
      elements: dict
  sample: {"delete": ["0f3c2a9e5d7b41c08e6a1b2c3d4e5f60"],
           "add": [{"origin_as": 64500, "name": "CUST-WIDGETS", "prefixes": [{"prefix": "192.0.2.0/24", "max_length": 25}]}]}
'''

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _rpki


def run(module):
    p = module.params
    item = _rpki.declare(p)
    if p['exclusive'] and item['state'] == 'absent':
        raise InputError('exclusive goes with state=present: it deletes the other origins of the prefix')
    org = p['org_handle']
    current = _rpki.read(module.api, org)
    others = [(row, False) for row in current if p['exclusive'] and row['prefix'] == item['prefix']
              and row['origin_as'] != item['origin_as']]
    plan = _rpki.Plan(current, [item], others)
    after = _rpki.apply(module, org, plan)
    mine = [row for row in after if _rpki.pair(row) == _rpki.pair(item)] if item['state'] == 'present' else []
    changes = plan.changes(after)
    result = dict(changed=plan.changed, roa=mine[0] if mine else {}, changes=changes, transaction=plan.sent())
    if module.ansible._diff:
        labels = set([_rpki.label(item)] + [_rpki.label(entry) for entry in changes])
        result['diff'] = dict(
            before=dict((_rpki.label(row), _rpki.managed(row)) for row in current if _rpki.label(row) in labels),
            after=dict((_rpki.label(row), _rpki.managed(row)) for row in after if _rpki.label(row) in labels),
            before_header='roas/%s' % org, after_header='roas/%s' % org)
    return result


def main():
    ArinModule(dict(
        org_handle=dict(type='str', required=True),
        origin_as=dict(type='raw', required=True),
        prefix=dict(type='str', required=True),
        max_length=dict(type='int'),
        name=dict(type='str'),
        exclusive=dict(type='bool', default=False),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    )).run(run)


if __name__ == '__main__':
    main()
