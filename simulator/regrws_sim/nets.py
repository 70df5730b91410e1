"""Address arithmetic for NET blocks: parsing, ranges, handles and ARIN-style output."""
from __future__ import annotations

import ipaddress

TYPE_DESCRIPTIONS = {
    "A": "Reallocated", "S": "Reassigned", "DA": "Direct Allocation", "AR": "Allocated to ARIN",
    "AV": "Early Reservation", "AF": "Allocated to AFRINIC", "AP": "Allocated to APNIC",
    "LN": "Allocated to LACNIC", "RN": "Allocated to RIPE", "RD": "Allocated to RIPE NCC",
    "FX": "Transferred to AFRINIC", "LX": "Transferred to LACNIC", "PX": "Early Registration",
    "RX": "Transferred to RIPE NCC", "PV": "Early Reservation", "RV": "Early Reservation",
    "IR": "IANA Reserved", "IU": "IANA Special Use",
}


def parse_ip(text: str):
    """Accept short, zero-padded IPv4 or any IPv6 text form; raise ValueError otherwise."""
    text = (text or "").strip()
    if ":" not in text:
        parts = text.split(".")
        if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 for p in parts):
            raise ValueError("invalid IPv4 address %r" % text)
        text = ".".join(str(int(p)) for p in parts)  # ipaddress refuses leading zeros
    return ipaddress.ip_address(text)


def fmt_ip(addr) -> str:
    """ARIN output: zero-padded IPv4, fully expanded upper-case IPv6."""
    if addr.version == 4:
        return ".".join("%03d" % int(p) for p in str(addr).split("."))
    return addr.exploded.upper()


def block_range(block: dict) -> tuple[int, int, int]:
    """(version, first, last) of an input netBlock given startAddress + endAddress/cidrLength.

    Raises ValueError with a message suitable for the client.
    """
    start = parse_ip(block.get("startAddress", ""))
    bits = start.max_prefixlen
    end = None
    if block.get("endAddress"):
        end = parse_ip(block["endAddress"])
        if end.version != start.version:
            raise ValueError("startAddress and endAddress are of different IP versions")
    cidr = block.get("cidrLength")
    if cidr not in (None, ""):
        if not str(cidr).isdigit() or not 0 <= int(cidr) <= bits:
            raise ValueError("cidrLength must be between 0 and %d" % bits)
        last = int(start) | ((1 << (bits - int(cidr))) - 1)
        if end is not None and int(end) != last:
            raise ValueError("endAddress does not match cidrLength")
        if int(start) & ((1 << (bits - int(cidr))) - 1):
            raise ValueError("startAddress is not on a /%s boundary" % cidr)
        return start.version, int(start), last
    if end is None:
        raise ValueError("a netBlock needs endAddress or cidrLength")
    if int(end) < int(start):
        raise ValueError("endAddress is before startAddress")
    return start.version, int(start), int(end)


def cidr_of(version: int, first: int, last: int) -> int | None:
    """Prefix length when [first, last] is exactly one CIDR block, else None."""
    bits = 32 if version == 4 else 128
    size = last - first + 1
    if size & (size - 1) or first % size:
        return None
    return bits - (size.bit_length() - 1)


def make_ip(version: int, value: int):
    return ipaddress.IPv4Address(value) if version == 4 else ipaddress.IPv6Address(value)


def block_out(block: dict) -> dict:
    """Stored block {type, version, first, last} -> netBlock output dict."""
    v, first, last = block["version"], block["first"], block["last"]
    return {
        "type": block["type"], "description": TYPE_DESCRIPTIONS.get(block["type"]),
        "startAddress": fmt_ip(make_ip(v, first)), "endAddress": fmt_ip(make_ip(v, last)),
        "cidrLength": str(cidr_of(v, first, last)),
    }


def net_range(net: dict) -> tuple[int, int, int]:
    blocks = net["blocks"]
    return blocks[0]["version"], min(b["first"] for b in blocks), max(b["last"] for b in blocks)


def handle_stem(version: int, first: int) -> str:
    """NET-192-0-2-0 / NET6-2001-DB8 (leading non-zero groups of the start address)."""
    addr = make_ip(version, first)
    if version == 4:
        return "NET-" + str(addr).replace(".", "-")
    groups = []
    for group in addr.exploded.split(":"):
        if int(group, 16) == 0:
            break
        groups.append("%X" % int(group, 16))
    return "NET6-" + "-".join(groups or ["0"])


def contains(outer: tuple, inner: tuple) -> bool:
    return outer[0] == inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2]


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2]
