"""ARIN's RELAX NG schemas: the checker used by every test really validates."""
import pytest

from conftest import CORE, schema_unavailable_reason


def test_schema_checker_is_active_and_strict(schemas, api):
    reason = schema_unavailable_reason()
    if reason:
        pytest.skip("XML bodies are not schema-checked: " + reason)
    assert schemas.active
    schemas.validate(api.get("/ticket/20240115-X1").content)
    with pytest.raises(AssertionError):
        schemas.validate(b"<poc xmlns='%s'><colour/></poc>" % CORE.encode())
    with pytest.raises(AssertionError):
        schemas.validate(b"<net xmlns='%s'><netBlocks><netBlock><type>ZZ</type></netBlock>"
                         b"</netBlocks></net>" % CORE.encode())
