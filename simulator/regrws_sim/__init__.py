"""regrws_sim: a local simulator of ARIN's Registration RESTful Web Service."""

__version__ = "0.1.0"
