#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_aspa
short_description: Manage the ASPA of one customer AS in an org's hosted RPKI at ARIN
version_added: 0.1.0
description:
  - Declares the set of provider ASes of one customer AS, as an ASPA (Autonomous System Provider Authorization) in
    ARIN's hosted RPKI, or that the customer AS has no ASPA.
  - Reads the org's ASPAs with one request, then sends at most one RPKI transaction, which ARIN applies whole or not
    at all. ARIN has no modify for ASPAs, so a change of providers is one transaction that deletes the customer AS's
    ASPA and adds the declared one.
  - The org must have hosted RPKI set up, and the customer AS must be on its resource certificate.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the ASPAs and reports the transaction it would send (RV(transaction)), without sending it.
  diff_mode:
    support: full
    details:
      - The diff shows the ASPA of the customer AS, with its providers, before and after.
options:
  org_handle:
    description:
      - The org whose hosted RPKI holds the ASPA, for example V(EXNET-1).
    type: str
    required: true
  customer_as:
    description:
      - The customer AS, as a number (V(64501)) or with its C(AS) prefix (V(AS64501)). It must be one of the org's ASNs
        on its resource certificate; ARIN refuses the transaction otherwise.
      - The customer AS is what identifies the ASPA (ARIN gives ASPAs no handle).
    type: raw
    required: true
  providers:
    description:
      - Every provider AS of O(customer_as), numbers or C(AS) forms. The order does not matter; each AS at most once,
        never the customer AS itself.
      - V([0]) alone (AS0) says that the customer AS has no provider at all.
      - ARIN refuses reserved ASNs as providers, such as the documentation, private-use and other reserved ASNs (it was
        seen to refuse the documentation AS64496 with C(reserved ASN)). That refusal is ARIN's and is shown as it answers.
      - Required with O(state=present); not allowed with O(state=absent).
    type: list
    elements: raw
  state:
    description:
      - V(present) makes the ASPA of O(customer_as) exist with exactly O(providers); V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Natural key: the customer AS. ARIN holds one ASPA per customer AS; its providers are a set, compared without
    regard to order."
  - "Requests: one listing of the org's ASPAs (C(GET /rest/aspa/{org}), sent with C(Content-Type) although it has no
    body: ARIN's production service was seen to answer HTTP 415 otherwise); then, only when something differs, one
    transaction (C(POST /rest/rpki/{org})). A rerun that changes nothing makes the listing only."
  - "A change of providers is the delete and the add of the customer AS's ASPA in one transaction; ARIN applies the
    deletes of a transaction before its adds (the reading taken: ARIN's documentation does not say, and it worked in
    OT&E), so the ASPA is never missing in between."
  - "When the answer to the transaction is lost (timeout, dropped connection, a 5xx from a proxy), the ASPAs are listed
    again before anything else: if the listing shows the transaction applied, the task reports it; if it shows nothing
    of it, the task fails and says that running it again is safe. The transaction is never sent twice."
  - "The transaction's answer is advisory: when it does not show every ASPA added, the ASPAs are listed again."
  - "ARIN renews every ASPA made this way on its own; the change reaches ARIN's public RPKI repository within minutes
    to 24 hours (ARIN's pages say both)."
seealso:
  - module: arin.regrws.arin_aspa_info
  - module: arin.regrws.arin_roa
  - name: ARIN ASPA
    description: ARIN's page on Autonomous System Provider Authorizations.
    link: https://www.arin.net/resources/manage/rpki/aspa/
  - name: ARIN RPKI RESTful API
    description: ARIN's guide to the hosted RPKI transaction and the ASPA listing.
    link: https://www.arin.net/resources/manage/rpki/rpki-restful/
'''

EXAMPLES = r'''
- name: AS64501 reaches the Internet through two transit providers
  arin.regrws.arin_aspa:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    org_handle: EXNET-1
    customer_as: AS64501
    providers: [AS174, AS3356]

- name: Add a third provider (one atomic replace of the ASPA)
  arin.regrws.arin_aspa:
    environment: production
    org_handle: EXNET-1
    customer_as: 64501
    providers: [174, 3356, 6939]

- name: Delete the ASPA of AS64501
  arin.regrws.arin_aspa:
    environment: production
    org_handle: EXNET-1
    customer_as: 64501
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
aspa:
  description:
    - The ASPA of the customer AS as ARIN holds it after the task (in check mode, as it would); V({}) when absent.
  returned: success
  type: dict
  contains:
    customer_as:
      description: The customer AS number.
      type: int
      sample: 64501
    providers:
      description: The provider AS numbers, sorted.
      type: list
      elements: int
      sample: [174, 3356]
changes:
  description:
    - One entry when the task added, replaced or removed the ASPA (in check mode, would); empty otherwise.
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: V(added), V(replaced) or V(removed).
      type: str
    customer_as:
      description: The customer AS.
      type: int
    providers:
      description: The providers after the change (before it, for a removal).
      type: list
      elements: int
    changes:
      description: For a replacement, the providers as V([at ARIN, declared]) under C(providers).
      type: dict
    providers_added:
      description: For a replacement, the providers the change adds.
      type: list
      elements: int
      returned: when replaced
    providers_removed:
      description: For a replacement, the providers the change drops.
      type: list
      elements: int
      returned: when replaced
  sample:
    - action: replaced
      customer_as: 64501
      providers: [174, 3356, 6939]
      changes: {"providers": [[174, 3356], [174, 3356, 6939]]}
      providers_added: [6939]
      providers_removed: []
transaction:
  description:
    - The transaction sent (in check mode, that would be sent); empty lists when nothing differs.
  returned: success
  type: dict
  contains:
    delete:
      description: The customer ASes whose ASPA is deleted.
      type: list
      elements: int
    add:
      description: The ASPAs added, each with its customer AS and providers.
      type: list
      elements: dict
  sample: {"delete": [64501], "add": [{"customer_as": 64501, "providers": [174, 3356, 6939]}]}
'''

from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _rpki


def run(module):
    p = module.params
    item = _rpki.declare_aspa(p)
    org = p['org_handle']
    current = _rpki.read_aspas(module.api, org)
    plan = _rpki.AspaPlan(current, [item])
    after = _rpki.apply(module, org, plan)
    mine = [row for row in after if row['customer_as'] == item['customer_as']]
    result = dict(changed=plan.changed, aspa=mine[0] if mine else {}, changes=plan.entries, transaction=plan.sent())
    if module.ansible._diff:
        label = _rpki.aspa_label(item)
        before = [row for row in current if row['customer_as'] == item['customer_as']]
        result['diff'] = dict(before=dict((label, row) for row in before), after=dict((label, row) for row in mine),
                              before_header='aspas/%s' % org, after_header='aspas/%s' % org)
    return result


def main():
    ArinModule(dict(
        org_handle=dict(type='str', required=True),
        customer_as=dict(type='raw', required=True),
        providers=dict(type='list', elements='raw'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    )).run(run)


if __name__ == '__main__':
    main()
