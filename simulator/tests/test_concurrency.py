"""Concurrent requests through real HTTP never lose an update."""
from concurrent.futures import ThreadPoolExecutor

import requests

from conftest import CORE, OPERATOR, customer_xml, xml

THREADS, PER_THREAD = 20, 10


def test_parallel_email_adds_and_customer_creates(api, schemas):
    schemas.validate(customer_xml().encode())
    base = api.base + "/rest"
    headers = {"Accept": "application/xml", "Content-Type": "application/xml"}

    def work(worker):
        statuses = []
        with requests.Session() as http:
            for i in range(PER_THREAD):
                r = http.post("%s/poc/NOC1-ARIN/email/w%d-%d@example.net?apikey=%s"
                              % (base, worker, i, OPERATOR), headers=headers, timeout=30)
                statuses.append(r.status_code)
                r = http.post("%s/net/NET-192-0-2-0-1/customer?apikey=%s" % (base, OPERATOR),
                              data=customer_xml("Cust %d %d" % (worker, i)), headers=headers,
                              timeout=30)
                statuses.append(r.status_code)
                handles.append(xml(r).findtext("{%s}handle" % CORE))
        return statuses

    handles = []
    with ThreadPoolExecutor(THREADS) as pool:
        results = [s for batch in pool.map(work, range(THREADS)) for s in batch]
    assert results == [200] * (2 * THREADS * PER_THREAD)
    emails = [e.text for e in xml(api.get("/poc/NOC1-ARIN")).iter("{%s}email" % CORE)]
    assert len(emails) == 1 + THREADS * PER_THREAD
    assert len(set(handles)) == THREADS * PER_THREAD
    for handle in handles[:5] + handles[-5:]:
        assert api.get("/customer/" + handle).status_code == 200
