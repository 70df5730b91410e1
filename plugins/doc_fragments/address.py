# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    # Postal address and comments of POCs, orgs and customers.
    DOCUMENTATION = r'''
options:
  street_address:
    description:
      - Street address, one list item per line.
      - ARIN accepts ASCII only here.
    type: list
    elements: str
  city:
    description:
      - City.
    type: str
  region:
    description:
      - State or province as an ISO 3166-2 subdivision code without the country prefix, for example V(VA) or V(ON)
        (ARIN's C(iso3166-2) element).
      - ARIN requires it, and O(postal_code), for addresses in the United States and Canada.
    type: str
    aliases: [iso3166_2]
  postal_code:
    description:
      - Postal code.
    type: str
  country:
    description:
      - Country as an ISO 3166-1 alpha-2 code, for example V(US) or V(CA).
    type: str
  comments:
    description:
      - Public comment lines shown in Whois, one list item per line.
      - Comments may carry accented letters; everything else must be ASCII.
      - An empty list removes every comment line. When omitted, comments are left as they are.
    type: list
    elements: str
'''
