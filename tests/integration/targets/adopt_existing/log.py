# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator's request log from runme.sh: `log.py clear`, `log.py writes`, `log.py reads`.

`writes` prints each request that is not a GET (nothing when there were none); `reads`
prints each GET as `path` (query left out), one a line, in order.
"""
import json
import os
import sys
import urllib.request

URL = os.environ['SIM_URL'] + '/__sim__/requests'
if sys.argv[1] == 'clear':
    urllib.request.urlopen(urllib.request.Request(URL, method='DELETE'))
else:
    requests = json.load(urllib.request.urlopen(URL))['requests']
    for request in requests:
        if (request['method'] == 'GET') == (sys.argv[1] == 'reads'):
            print(request['path'] if request['method'] == 'GET' else '%s %s' % (request['method'], request['path']))
