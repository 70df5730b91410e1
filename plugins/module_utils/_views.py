# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""The user's shape of each Reg-RWS record: option names, canonical forms, immutables."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.arin.regrws.plugins.module_utils._normalize import (
    Attr, Country, Emails, Lines, Phones, Upper, View,
)

# Fields shared by every record with a postal address (POC, org, customer).
ADDRESS = [
    Lines('street_address'),
    Attr('city'),
    Upper('region', 'iso3166_2'),
    Attr('postal_code'),
    Country('country', 'iso3166_1'),
    Lines('comments', 'comment'),
]

POC = View('poc', [
    Attr('handle'),
    Upper('contact_type'),
    Attr('first_name'),
    Attr('middle_name'),
    Attr('last_name'),
    Attr('company_name'),
] + ADDRESS + [
    Emails('emails'),
    Phones('phones'),
    Attr('registration_date'),
])
POC_IMMUTABLE = ('contact_type', 'first_name', 'middle_name', 'last_name')
POC_PHONES = View('poc', [Attr('handle'), Phones('phones')])
POC_EMAILS = View('poc', [Attr('handle'), Emails('emails')])
