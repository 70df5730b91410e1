#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_customer
short_description: Manage an ARIN customer record
version_added: 0.1.0
description:
  - Creates, updates or deletes a customer at ARIN. A customer is the recipient of a simple reassignment; it has a
    name and an address but no POCs of its own (it inherits those of the org that reassigned the space).
  - With O(handle), the module reads the customer, compares the fields the task sets with what ARIN holds, and writes
    only when they differ. Fields the task leaves out are left as they are.
  - Without O(handle), the module creates a customer under O(parent_net_handle), and records its handle in
    O(create_journal) so that later runs of the task on the same host manage that customer (see the notes).
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
      - With O(handle). ARIN offers no search for customers, so a task without O(handle) creates a customer on
        every run; M(arin.regrws.arin_net_reassign) creates the customer of a simple reassignment idempotently.
options:
  handle:
    description:
      - Handle of the customer to manage, for example V(C01234567).
      - When the handle does not exist at ARIN the module fails rather than create a different customer.
      - Required with O(state=absent). Without it, the module creates a customer.
    type: str
  parent_net_handle:
    description:
      - Handle of the net the new customer will receive space from, for example V(NET-192-0-2-0-1). The key's user
        needs authority over that net.
      - Required to create a customer; not used otherwise (ARIN does not say under which net a customer was created).
    type: str
  state:
    description:
      - V(present) creates or updates the customer, V(absent) deletes it.
      - ARIN refuses to delete a customer that a net is still reassigned to (HTTP 409 C(E_NOT_REMOVEABLE)). Deleting
        that net does not delete the customer either; delete the customer afterwards.
    type: str
    choices: [present, absent]
    default: present
  customer_name:
    description:
      - Name of the customer. Required to create one.
    type: str
  private:
    description:
      - Whether ARIN hides the customer's name and address in public Whois (shown as "Private Customer").
      - A customer that never set it is public.
    type: bool
notes:
  - "Natural key: O(handle). ARIN assigns customer handles and offers no way to look a customer up by name or
    address. Without O(handle), the module recognises only the customers it created itself on this host: the
    O(create_journal) maps the parent net and the customer name to the handle ARIN returned. Register the result and
    keep the C(handle) of RV(customer) (for example in the inventory), then manage the customer by handle."
  - "After a lost answer to the create (the connection dropped, a timeout, a cut or unreadable answer, an HTTP 5xx
    other than 503 C(E_OUTAGE)), the module cannot tell whether ARIN created the customer. The task fails saying so and
    naming the customer to look for in ARIN Online, the create stays pending in O(create_journal), and later runs of
    the task create no customer until you give O(handle) (when the customer exists) or set
    O(retry_unconfirmed_create) (when it does not). A modify or delete is settled by reading the customer back."
  - To give a customer a simple reassignment, prefer M(arin.regrws.arin_net_reassign). It creates the customer
    together with the reassignment, and finds both again by the reassigned range, so it stays idempotent without a
    stored customer handle.
seealso:
  - module: arin.regrws.arin_customer_info
  - module: arin.regrws.arin_net_reassign
  - module: arin.regrws.arin_org
'''

EXAMPLES = r'''
- name: Create a customer for a reassignment (runs once; keep the handle)
  arin.regrws.arin_customer:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    parent_net_handle: NET-192-0-2-0-1
    customer_name: Example Bakery
    street_address:
      - 12 Sample Road
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    private: true
  register: bakery
  when: bakery_customer_handle is not defined

- name: Keep the customer's address as declared (the key comes from the ARIN_API_KEY environment variable)
  arin.regrws.arin_customer:
    environment: production
    handle: "{{ bakery_customer_handle }}"
    customer_name: Example Bakery
    street_address:
      - 14 Sample Road
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    private: true

- name: Delete the customer once no net is reassigned to it
  arin.regrws.arin_customer:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    handle: C01234567
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
customer:
  description:
    - The customer as ARIN holds it after the task; in check mode, as it would be (a new customer has no handle
      yet). Empty after a deletion.
    - O(parent_net_handle) is not part of it; C(parent_org_handle) is the org ARIN filled in.
  returned: success
  type: dict
  sample:
    handle: C01234567
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
error:
  description: What went wrong, when the task failed; includes ARIN's own error payload.
  returned: failure
  type: dict
  sample:
    kind: conflict
    operation: delete customer/C01234567
    status: 409
    code: E_NOT_REMOVEABLE
    arin_message: Customer C01234567 is still attached to net NET-192-0-2-4-1.
    components: []
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec, address_argspec
from ansible_collections.arin.regrws.plugins.module_utils._errors import Conflict, InputError
from ansible_collections.arin.regrws.plugins.module_utils._journal import journal_argspec, key_of
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _checks
from ansible_collections.arin.regrws.plugins.module_utils._views import CUSTOMER

FIELDS = ('customer_name', 'private', 'street_address', 'city', 'region', 'postal_code', 'country', 'comments')


def run(module):
    p = module.params
    desired = dict((name, p[name]) for name in FIELDS if p[name] is not None)
    _checks.ascii_only(desired)
    _checks.address(desired, creating=False)
    if desired.get('customer_name', 'x').strip() == '':
        raise InputError('customer_name cannot be empty: ARIN requires a name')

    if p['handle']:
        customer = module.find(lambda: module.api.get_customer(p['handle']))
    elif not p['parent_net_handle']:
        raise InputError('creating a customer needs parent_net_handle (or give handle to manage an existing one)')
    else:
        parent = p['parent_net_handle']
        name = (desired.get('customer_name') or '').strip()
        key = key_of('customer', parent.strip().upper(), name)
        customer = module.created_earlier(key, module.api.get_customer,
                                          lambda record: CUSTOMER.read(record)['customer_name'] == name)
        if customer is None:
            _checks.required(desired, ('customer_name',), 'creating a customer')
            _checks.address(desired, creating=True)
            outcome = module.create_once(
                CUSTOMER, desired, lambda planned: module.api.create_customer(parent, planned), key,
                'the customer %r under net/%s (ARIN Online lists the customers of the org that holds that net; '
                'Reg-RWS cannot search them)' % (desired['customer_name'], parent), keep_handle=True)
            return module.result(CUSTOMER, 'customer', outcome)
    reread = (lambda: module.api.get_customer(customer['handle'])) if customer else None
    if p['state'] == 'absent':
        try:
            outcome = module.delete(customer, lambda: module.api.delete_customer(customer['handle']), reread)
        except Conflict as error:
            error.message += (' (ARIN deletes a customer only once no net is reassigned to it: remove or delete that '
                              'net first, then delete the customer)')
            raise
    elif customer is None:
        raise InputError('customer/%s does not exist; ARIN assigns customer handles, so omit handle and give '
                         'parent_net_handle to create a customer' % p['handle'])
    else:
        outcome = module.update(CUSTOMER, customer, desired,
                                lambda planned: module.api.modify_customer(customer['handle'], planned),
                                reread=reread)
    return module.result(CUSTOMER, 'customer', outcome)


def main():
    options = dict(
        handle=dict(type='str'),
        parent_net_handle=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        customer_name=dict(type='str'),
        private=dict(type='bool'),
    )
    options.update(address_argspec())
    options.update(journal_argspec())
    ArinModule(ArgumentSpec(options, required_if=[('state', 'absent', ('handle',))])).run(run)


if __name__ == '__main__':
    main()
