# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    # The mutable fields of a net that arin_net and arin_net_reassign both keep.
    DOCUMENTATION = r'''
options:
  comments:
    description:
      - Public comment lines of the net. An empty list removes them; when omitted they are left as they are.
    type: list
    elements: str
  poc_links:
    description:
      - The complete list of POC links of the net. An empty list removes them; when omitted they are left as they
        are.
      - ARIN allows only Tech, NOC and Abuse links on nets; the links of the org holding the net apply to it anyway.
    type: list
    elements: dict
    suboptions:
      function:
        description:
          - V(T) Tech, V(N) NOC, V(AB) Abuse.
        type: str
        required: true
        choices: [T, N, AB]
      handle:
        description:
          - POC handle.
        type: str
        required: true
'''
