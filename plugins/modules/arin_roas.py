#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_roas
short_description: Keep an org's ROAs at ARIN as a declared set, in one atomic transaction
version_added: 0.1.0
description:
  - Declares the ROAs (Route Origin Authorizations) of an org's hosted RPKI at ARIN as a list of origin AS, prefix
    and max length, and brings ARIN to it with one RPKI transaction that adds and deletes together. ARIN applies a
    transaction whole or not at all, so a change of max length or origin AS never leaves a prefix without its ROA,
    and a refused item changes nothing.
  - Every item is checked before any request; a bad item, and two items for the same origin AS and prefix, fail the
    task before anything is read.
  - With O(prune=true), ROAs at ARIN for prefixes inside O(owned_prefixes) that no item declares are deleted in the
    same transaction, at most O(prune_limit) of them.
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
      - The diff has one line per ROA prefix added (V(+)) or removed (V(-)) and per field that changes (V(~)).
options:
  org_handle:
    description:
      - The org whose hosted RPKI holds the ROAs, for example V(EXNET-1).
    type: str
    required: true
  roas:
    description:
      - The declared ROA prefixes, one item per origin AS and prefix.
    type: list
    elements: dict
    required: true
    suboptions:
      origin_as:
        description:
          - The origin AS, as a number (V(64500)) or with its C(AS) prefix (V(AS64500)); V(0) for an AS0 ROA.
        type: raw
        required: true
      prefix:
        description:
          - The prefix, for example V(192.0.2.0/24). Host bits must be zero.
        type: str
        required: true
      max_length:
        description:
          - The longest prefix the origin may announce inside O(roas[].prefix); defaults to the prefix length, as at
            ARIN. With O(roas[].state=absent) and no max length, the ROA of this origin and prefix goes whatever its
            max length.
        type: int
      name:
        description:
          - The ROA's name, 1 to 256 letters, digits, spaces or hyphens. When omitted, the name ARIN holds is kept, and
            a new ROA is named after what it authorizes (C(AS64500-192-0-2-0-24)). A different name replaces the ROA.
        type: str
      state:
        description:
          - V(present) makes the ROA prefix exist as declared; V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
  owned_prefixes:
    description:
      - The prefixes whose ROAs this task owns, for example the org's allocations. A ROA prefix at ARIN equal to or
        inside one of them, whatever its origin AS, is removed by O(prune=true) when no item of O(roas) names its
        origin AS and prefix.
      - Required with O(prune=true).
    type: list
    elements: str
    default: []
  prune:
    description:
      - Delete the ROA prefixes inside O(owned_prefixes) that O(roas) does not declare. Prefixes outside
        O(owned_prefixes) are never pruned.
    type: bool
    default: false
  prune_limit:
    description:
      - The most ROA prefixes O(prune=true) may delete. When more would go, the task fails before any write and lists
        them, so that a truncated export cannot empty the org's RPKI.
    type: int
    default: 0
notes:
  - "Natural key: the origin AS, prefix and max length of each item. ARIN's ROA handles change on every replacement and
    are never used to find a ROA. ARIN holds at most one ROA per origin AS and prefix (it refuses a second one, even with
    another max length or name), so a ROA with an item's origin AS and prefix but another max length or name is
    replaced by the declared one, in the same transaction."
  - "Requests: one listing of the org's ROAs (C(GET /rest/roa/{org})); then, only when something differs, one
    transaction (C(POST /rest/rpki/{org})) carrying every delete and add. A rerun that changes nothing makes the
    listing only. When the answer to the transaction does not show every added ROA with its handle, the ROAs are
    listed once more."
  - "A ROA made in ARIN Online may carry several prefixes. Changing or removing one of them deletes that ROA's handle,
    so the transaction adds its other prefixes again, as one ROA of the same origin AS and name (RV(changes) lists them
    as V(reissued))."
  - "When the answer to the transaction is lost (timeout, dropped connection, a 5xx from a proxy), the ROAs are listed
    again before anything else: if the listing shows the transaction applied, the task reports it; if it shows nothing
    of it, the task fails and says that running it again is safe. The transaction is never sent twice."
  - "Route objects: the transaction sends C(autoLink=false), so ARIN's IRR Auto-Manager makes no route object for a
    new ROA, and a deleted ROA's auto-linked route objects stay (unlinked)."
  - "Overlaps: ARIN refuses duplicate and overlapping ROAs without defining an overlap. The task checks duplicates
    (one origin AS and prefix twice) before any request and leaves every other overlap to ARIN, whose refusal fails
    the transaction as a whole."
  - "Where ARIN's documentation leaves a question open, the module takes the safest reading: deletes go first in
    the transaction (a replacement relies on it, and it worked in OT&E); the transaction's answer is advisory (the ROAs
    are listed again when it does not show every add with its handle); ROA names follow ARIN's older ROA page; only
    the AS number, prefix and max length are checked locally, and ARIN's own refusal is shown for the rest. The
    routing security guide lists each question and the reading taken."
seealso:
  - module: arin.regrws.arin_roa
  - module: arin.regrws.arin_roa_info
  - name: ARIN RPKI RESTful API
    description: ARIN's guide to the hosted RPKI transaction and the ROA listing.
    link: https://www.arin.net/resources/manage/rpki/rpki-restful/
'''

EXAMPLES = r'''
- name: Keep the ROAs of our allocations as the IPAM declares them, removing what it no longer lists
  arin.regrws.arin_roas:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    org_handle: EXNET-1
    owned_prefixes: [192.0.2.0/24, 198.51.100.0/24, "2001:db8::/32"]
    prune: true
    prune_limit: 5
    roas:
      - origin_as: 64500
        prefix: 192.0.2.0/24
        name: CUST-WIDGETS
      - origin_as: AS64500
        prefix: 198.51.100.0/24
      - origin_as: 64500
        prefix: 2001:db8::/32
        max_length: 48
      - origin_as: 64499
        prefix: 192.0.2.0/24
        state: absent
  register: rpki

- name: Show what changed
  ansible.builtin.debug:
    var: rpki.summary
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
  description:
    - Every ROA prefix of the org as ARIN holds it after the task (in check mode, as it would), in address order.
  returned: success
  type: list
  elements: dict
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
      sample: 24
    name:
      description: The ROA's name.
      type: str
      sample: CUST-WIDGETS
    handle:
      description: ARIN's handle of the ROA holding the prefix (prefixes of one ROA share it); null in check mode for a
        ROA not made yet.
      type: str
      sample: 7d1e0b44c2a54f9e9a3f6c0d8b2e1a55
    auto_linked:
      description: Whether ARIN linked an IRR route object to this prefix.
      type: bool
    not_valid_before:
      description: Start of the ROA's validity, as ARIN set it.
      type: str
    not_valid_after:
      description: End of the ROA's validity (ARIN renews it).
      type: str
changes:
  description:
    - One entry per ROA prefix added, replaced, removed or added again (in check mode, that would be), in address
      order; unchanged prefixes are counted in RV(summary) only.
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
      description: Whether the entry is a removal made by O(prune=true).
      type: bool
summary:
  description: How many ROA prefixes were added, replaced, removed, added again and left unchanged.
  returned: success
  type: dict
  sample: {"added": 1, "replaced": 1, "removed": 0, "reissued": 0, "unchanged": 40}
transaction:
  description:
    - The one transaction sent (in check mode, that would be sent); empty lists when nothing differs.
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
    declared = _rpki.declare_all(p['roas'])
    owned = _rpki.prefixes(p['owned_prefixes'], 'owned_prefixes')
    if p['prune'] and not owned:
        raise InputError('prune needs owned_prefixes: the prefixes whose undeclared ROAs may be deleted')
    org = p['org_handle']
    current = _rpki.read(module.api, org)
    orphans = []
    if p['prune']:
        pairs = set(_rpki.pair(row) for row in declared)
        orphans = [row for row in current if _rpki.pair(row) not in pairs and _rpki.within(row, owned)]
        if len(orphans) > p['prune_limit']:
            raise InputError('prune would delete %d ROA prefix%s, more than prune_limit=%d: %s' % (
                len(orphans), 'es' if len(orphans) > 1 else '', p['prune_limit'],
                ', '.join('%s max %s' % (_rpki.label(row), row['max_length']) for row in orphans)))
    plan = _rpki.Plan(current, declared, [(row, True) for row in orphans])
    after = _rpki.apply(module, org, plan)
    changes = plan.changes(after)
    result = dict(changed=plan.changed, roas=after, changes=changes, summary=plan.summary(), transaction=plan.sent())
    if module.ansible._diff:
        result['diff'] = {'prepared': _rpki.lines(changes)}
    return result


def main():
    ArinModule(dict(
        org_handle=dict(type='str', required=True),
        roas=dict(type='list', elements='dict', required=True, options=dict(
            origin_as=dict(type='raw', required=True),
            prefix=dict(type='str', required=True),
            max_length=dict(type='int'),
            name=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
        )),
        owned_prefixes=dict(type='list', elements='str', default=[]),
        prune=dict(type='bool', default=False),
        prune_limit=dict(type='int', default=0),
    )).run(run)


if __name__ == '__main__':
    main()
