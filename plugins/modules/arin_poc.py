#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_poc
short_description: Manage an ARIN Point of Contact (POC) record
version_added: 0.1.0
description:
  - Creates, updates or deletes a POC record at ARIN through the Registration RESTful Web Service (Reg-RWS).
  - The module reads the POC, compares the fields the task sets with what ARIN holds, and writes only when they
    differ. Fields the task leaves out are left as they are.
  - ARIN assigns POC handles. To find an existing POC without its handle, give O(org_handle) and the module looks for a
    POC with the same contact type and names among the POCs linked to that org (see the notes).
  - With O(org_function), the module also links the POC to O(org_handle) in that function, in the same task, so that
    later runs find the POC it created. Without O(org_function), a POC the module creates is not linked to any org.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.journal
  - arin.regrws.address
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - With O(handle), or with O(org_handle) and O(org_function), which links the POC it creates to the org.
      - With O(org_handle) alone, a POC the module created is not linked, so it is found again only through
        O(create_journal), on the host that created it, until it is linked to the org (for example with
        M(arin.regrws.arin_org_poc)); a run elsewhere creates another POC.
options:
  handle:
    description:
      - Handle of the POC to manage, for example V(EXAMPLE1-ARIN).
      - When the handle does not exist at ARIN the module fails rather than create a different POC.
      - One of O(handle) and O(org_handle) is required.
    type: str
  org_handle:
    description:
      - Natural-key lookup for a POC whose handle you do not know yet.
      - The module reads this org and each POC linked to it, and manages the one whose O(contact_type),
        O(first_name), O(middle_name) and O(last_name) (the fields ARIN never lets change) match. When none
        matches, it creates the POC.
      - Creating a POC links it to the org only with O(org_function). Without it, the new POC is not linked;
        link it with M(arin.regrws.arin_org_poc) so that later runs find it. Until then, runs on the same host find
        it through O(create_journal), which records the new handle (and warn that it is not linked yet).
    type: str
  org_function:
    description:
      - Link the POC to O(org_handle) in this function, as M(arin.regrws.arin_org_poc) does - V(AD) Admin, V(AB)
        Abuse, V(N) NOC, V(T) Tech, V(R) Routing, V(D) DNS. The link is added when it is missing, in the same task
        as the create or update; the org's other links are left as they are.
      - V(AD) makes the POC the org's Admin and so replaces the current Admin (an org has exactly one).
      - Requires O(org_handle). Only with O(state=present); to unlink a POC, use M(arin.regrws.arin_org_poc).
    type: str
    choices: [AD, AB, N, T, R, D]
  state:
    description:
      - V(present) creates or updates the POC, V(absent) deletes it.
      - ARIN refuses to delete a POC that is still linked to an org or a net (HTTP 409 C(E_NOT_REMOVEABLE)).
    type: str
    choices: [present, absent]
    default: present
  contact_type:
    description:
      - V(PERSON) for an individual, V(ROLE) for a team or function.
      - Required to create a POC. Cannot change afterwards.
    type: str
    choices: [PERSON, ROLE]
  first_name:
    description:
      - First name of a PERSON POC. Must be absent for a ROLE POC. Cannot change once the POC exists.
    type: str
  middle_name:
    description:
      - Middle name of a PERSON POC. Cannot change once the POC exists.
    type: str
  last_name:
    description:
      - Last name of a PERSON POC, or the name of a ROLE POC (for example V(Network Operations Center)).
      - Required to create a POC. Cannot change once the POC exists.
    type: str
  company_name:
    description:
      - Company name. Required for a ROLE POC.
    type: str
  emails:
    description:
      - The complete list of e-mail addresses. When given, it replaces the POC's addresses at ARIN (compared
        without regard to case). At least one is required.
      - To manage one address among others, use M(arin.regrws.arin_poc_email) instead.
    type: list
    elements: str
  phones:
    description:
      - The complete list of phone numbers. When given, it replaces the POC's phones at ARIN. At least one office
        phone is required.
      - To manage one phone among others, use M(arin.regrws.arin_poc_phone) instead.
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - V(O) office, V(F) fax, V(M) mobile.
        type: str
        choices: [O, F, M]
        required: true
      number:
        description:
          - The number as ARIN stores it, for example V(+1-555-555-0100). ARIN matches numbers literally.
        type: str
        required: true
      extension:
        description:
          - Extension.
        type: str
  exclusive:
    description:
      - Whether O(phones) and O(emails) are the complete lists.
      - With V(true), phones and e-mail addresses the task does not list are removed.
      - With V(false), the listed ones must be present and the others are kept, so this module can create a POC
        with its first phone and address while M(arin.regrws.arin_poc_phone) and M(arin.regrws.arin_poc_email)
        manage more of them.
    type: bool
    default: true
  make_link:
    description:
      - When creating, link the new POC to the ARIN Online user that owns the API key. Without that link the key
        cannot modify or delete the POC afterwards.
    type: bool
    default: true
notes:
  - "Natural key: O(handle) when known; otherwise the POC's contact type and names among the POCs linked to
    O(org_handle). ARIN offers no other way to search POCs, so keep the returned handle (C(poc.handle))."
  - ARIN does not allow the contact type or the names of a POC to change. The module fails before any write when a
    task asks for that.
  - When several POCs linked to O(org_handle) match, the module fails, lists their handles and creates nothing; give
    O(handle) to choose one and unlink the others.
  - "After a lost answer (the connection dropped, a timeout, a cut or unreadable answer, an HTTP 5xx other than 503
    C(E_OUTAGE)): a modify or delete is settled by reading the POC back, and the result or message says whether ARIN
    acted. A create cannot be read back, since ARIN offers no search for a POC that is not linked to an org: the task
    fails saying that it could not tell, the create stays in O(create_journal), and later runs of the task refuse to
    create the POC again until you give its O(handle) (or link it to the org) or set O(retry_unconfirmed_create)."
  - ARIN replaces both lists when a POC is modified, so the module always sends the complete lists; O(exclusive)
    decides whether they are the lists the task gives or those merged with what ARIN holds.
seealso:
  - module: arin.regrws.arin_poc_info
  - module: arin.regrws.arin_poc_phone
  - module: arin.regrws.arin_poc_email
  - module: arin.regrws.arin_org_poc
'''

EXAMPLES = r'''
- name: Keep the NOC role POC of our org as declared, linked to the org as its NOC
  arin.regrws.arin_poc:
    api_key: "{{ vault_arin_api_key }}"
    environment: ote
    org_handle: EXNET-1
    org_function: N
    contact_type: ROLE
    last_name: Example Networks NOC
    company_name: Example Networks LLC
    street_address:
      - 100 Example Way
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    emails:
      - noc@example.net
    phones:
      - type: O
        number: +1-555-555-0100
  register: noc

- name: Update the comments of a known POC (the key comes from the ARIN_API_KEY environment variable)
  arin.regrws.arin_poc:
    environment: production
    handle: "{{ noc.poc.handle }}"
    comments:
      - 24x7 network operations desk

- name: Delete a POC that is no longer linked to anything
  arin.regrws.arin_poc:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    handle: OLDNOC1-ARIN
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
  description:
    - The POC as ARIN holds it after the task; in check mode, as it would be. Empty after a deletion.
  returned: always
  type: dict
  sample:
    handle: NOC1-ARIN
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
org:
  description:
    - The org's handle and all its POC links after the task (in check mode, as they would be), as
      M(arin.regrws.arin_org_poc) returns them. In check mode, a POC still to be created shows with handle V(null).
    - In diff mode, the diff also shows the functions the POC holds at the org, as C(org_functions).
  returned: success, with O(org_function)
  type: dict
  sample:
    handle: EXNET-1
    poc_links:
      - function: AB
        handle: ABUSE1-ARIN
      - function: AD
        handle: ADMIN1-ARIN
      - function: N
        handle: NOC1-ARIN
      - function: T
        handle: NOC1-ARIN
error:
  description: What went wrong, when the task failed; includes ARIN's own error payload.
  returned: failure
  type: dict
  sample:
    kind: api
    operation: modify poc/NOC1-ARIN
    status: 400
    code: E_ENTITY_VALIDATION
    arin_message: Payload has an invalid field.
    components:
      - name: phones
        message: At least one office phone is required.
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec, address_argspec
from ansible_collections.arin.regrws.plugins.module_utils._errors import ArinError, InputError
from ansible_collections.arin.regrws.plugins.module_utils._journal import journal_argspec, key_of
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _checks
from ansible_collections.arin.regrws.plugins.module_utils._normalize import phone_key
from ansible_collections.arin.regrws.plugins.module_utils._org_links import functions_of, set_link
from ansible_collections.arin.regrws.plugins.module_utils._views import ORG_POC_LINKS, POC, POC_FUNCTIONS, POC_IMMUTABLE

FIELDS = ('contact_type', 'first_name', 'middle_name', 'last_name', 'company_name', 'street_address', 'city',
          'region', 'postal_code', 'country', 'comments', 'emails', 'phones')


def find_in_org(module, org, org_handle, desired):
    """The POC linked to the org whose immutable identity matches the task."""
    handles = sorted(set(link['handle'] for link in org.get('poc_links') or []))
    matches = []
    for handle in handles:
        poc = module.api.get_poc(handle)
        if not POC.differences(poc, dict((k, desired.get(k)) for k in POC_IMMUTABLE)):
            matches.append(poc)
    if len(matches) > 1:
        handles = ', '.join(poc['handle'] for poc in matches)
        raise InputError('%d POCs linked to org/%s have the contact type and names of this task: %s. Nothing was '
                         'created; give handle to choose the one to keep, and unlink the others from the org (and '
                         'delete them) so that later runs find one' % (len(matches), org_handle, handles))
    return matches[0] if matches else None


def journal_key(org_handle, desired):
    return key_of('poc', org_handle.upper(), *(desired.get(name) for name in POC_IMMUTABLE))


def describe(org_handle, desired):
    """Where to look for the POC in ARIN Online: an unlinked POC is found only among the user's POCs."""
    names = ' '.join(desired.get(name) for name in ('first_name', 'middle_name', 'last_name') if desired.get(name))
    return ('the %s POC %r meant for org/%s (among the POCs of the API key\'s ARIN Online account)'
            % (desired.get('contact_type'), names, org_handle))


def find_created(module, org_handle, desired):
    """A POC an earlier run created for the org and that is not linked to it yet (from the journal)."""
    identity = dict((name, desired.get(name)) for name in POC_IMMUTABLE)
    poc = module.created_earlier(journal_key(org_handle, desired), module.api.get_poc,
                                 lambda record: not POC.differences(record, identity))
    if poc is not None and not module.params['org_function']:
        module.warn('poc/%s was created by an earlier run for org/%s and is not linked to it yet: give '
                    'org_function to link it in this task (or link it with arin.regrws.arin_org_poc) so that runs '
                    'find it by its names'
                    % (poc['handle'], org_handle))
    return poc


def office_phone_and_email(desired):
    if 'phones' in desired and not any(phone['type'] == 'O' for phone in desired['phones']):
        raise InputError('phones must include at least one office phone (type O): ARIN requires it')
    if desired.get('emails') == []:
        raise InputError('emails must hold at least one address: ARIN requires it')


def merge_contacts(poc, desired):
    """The task's phones and e-mails added to those ARIN holds (O(exclusive=false))."""
    current = POC.read(poc)
    merged = dict(desired)
    if 'phones' in desired:
        given = dict((phone_key(phone), phone) for phone in desired['phones'])
        kept = [phone for phone in current['phones'] if phone_key(phone) not in given]
        merged['phones'] = kept + desired['phones']
    if 'emails' in desired:
        given = set(email.lower() for email in desired['emails'])
        merged['emails'] = [e for e in current['emails'] if e.lower() not in given] + desired['emails']
    return merged


def link_to_org(module, org, outcome):
    """Link the POC of ``outcome`` to the org in O(org_function): an Outcome of ORG_POC_LINKS."""
    p = module.params
    handle = (outcome.after or {}).get('handle')
    try:
        return set_link(module, p['org_handle'], org, handle, p['org_function'])
    except ArinError as error:
        if outcome.before is None:
            error.message += ('; poc/%s was created but is not linked to org/%s yet: a rerun of the task finds it '
                              'through the journal and links it' % (handle, p['org_handle']))
        raise


def run(module):
    p = module.params
    # An empty first or middle name is no name: ARIN keeps none, and refuses an empty element on a ROLE POC.
    desired = dict((name, p[name]) for name in FIELDS
                   if p[name] is not None and not (name in ('first_name', 'middle_name') and not p[name].strip()))
    _checks.ascii_only(desired)
    _checks.address(desired, creating=False)
    _checks.emails(desired.get('emails'))
    if p['exclusive']:
        office_phone_and_email(desired)
    if p['state'] == 'present' and not p['handle']:
        _checks.required(desired, ('contact_type', 'last_name'), 'finding or creating a POC without handle')
    if p['org_function'] and p['state'] == 'absent':
        raise InputError('org_function links the POC and needs state=present; to unlink a POC from org/%s, use '
                         'arin.regrws.arin_org_poc with state=absent' % p['org_handle'])

    # The org first: a task that names a missing org fails before it writes anything.
    org = module.api.get_org(p['org_handle']) if p['org_function'] or not p['handle'] else None
    if p['handle']:
        poc = module.find(lambda: module.api.get_poc(p['handle']))
    else:
        poc = find_in_org(module, org, p['org_handle'], desired)
        if poc is not None:
            module.forget_created(journal_key(p['org_handle'], desired))  # found by its names from now on
        else:
            poc = find_created(module, p['org_handle'], desired)
    reread = (lambda: module.api.get_poc(poc['handle'])) if poc else None

    if p['state'] == 'absent':
        outcome = module.delete(poc, lambda: module.api.delete_poc(poc['handle']), reread)
    elif poc is None:
        if p['handle']:
            raise InputError('poc/%s does not exist; ARIN assigns POC handles, so omit handle (and give org_handle) '
                             'to create a POC' % p['handle'])
        _checks.address(desired, creating=True)
        _checks.required(desired, ('emails', 'phones'), 'creating a POC')
        office_phone_and_email(desired)
        if desired['contact_type'] == 'ROLE':
            _checks.required(desired, ('company_name',), 'creating a ROLE POC')
        else:
            _checks.required(desired, ('first_name',), 'creating a PERSON POC')
        outcome = module.create_once(POC, desired, lambda planned: module.api.create_poc(planned, p['make_link']),
                                     journal_key(p['org_handle'], desired), describe(p['org_handle'], desired),
                                     keep_handle=True)
    else:
        if not p['exclusive']:
            desired = merge_contacts(poc, desired)
        outcome = module.update(POC, poc, desired, lambda planned: module.api.modify_poc(poc['handle'], planned),
                                immutable=POC_IMMUTABLE, reread=reread)
    if not p['org_function']:
        return module.result(POC, 'poc', outcome)

    link = link_to_org(module, org, outcome)
    if not p['handle']:
        module.forget_created(journal_key(p['org_handle'], desired))  # linked: found by its names from now on
    result = module.result(POC, 'poc', outcome)
    result.update(changed=outcome.changed or link.changed, org=ORG_POC_LINKS.read(link.after))
    if 'diff' in result:
        # The POC's functions at the org, beside its fields (a POC check mode has not created has no handle yet).
        handle = (outcome.after or outcome.before or {}).get('handle')
        for side, org_doc in (('before', link.before), ('after', link.after)):
            if result['diff'][side]:
                result['diff'][side]['org_functions'] = functions_of(org_doc, handle)
    return result


def main():
    phone = dict(type=dict(type='str', required=True, choices=['O', 'F', 'M']),
                 number=dict(type='str', required=True),
                 extension=dict(type='str'))
    options = dict(
        handle=dict(type='str'),
        org_handle=dict(type='str'),
        org_function=dict(type='str', choices=list(POC_FUNCTIONS)),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        contact_type=dict(type='str', choices=['PERSON', 'ROLE']),
        first_name=dict(type='str'),
        middle_name=dict(type='str'),
        last_name=dict(type='str'),
        company_name=dict(type='str'),
        emails=dict(type='list', elements='str'),
        phones=dict(type='list', elements='dict', options=phone),
        exclusive=dict(type='bool', default=True),
        make_link=dict(type='bool', default=True),
    )
    options.update(address_argspec())
    options.update(journal_argspec())
    ArinModule(ArgumentSpec(options, required_one_of=[('handle', 'org_handle')],
                            required_by={'org_function': ('org_handle',)})).run(run)


if __name__ == '__main__':
    main()
