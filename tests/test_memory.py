"`keep_freed_memory` where the C library is glibc, and where it isn't: it says False and changes nothing."
import ctypes, platform
import pytest
from digitrec.speed import keep_freed_memory

@pytest.mark.skipif(platform.libc_ver()[0] != 'glibc', reason="glibc only")
def test_glibc_keeps_memory():
    "On glibc both thresholds are accepted."
    assert keep_freed_memory() is True

def test_no_c_library(monkeypatch):
    "A C library that can't be loaded (as on Windows) gives False, not an error."
    def fail(*args, **kwargs): raise OSError("no such library")
    monkeypatch.setattr(ctypes, 'CDLL', fail)
    assert keep_freed_memory() is False

def test_no_mallopt(monkeypatch):
    "A C library without `mallopt` (as on macOS) gives False, not an error."
    monkeypatch.setattr(ctypes, 'CDLL', lambda *args, **kwargs: object())
    assert keep_freed_memory() is False

def test_refused(monkeypatch):
    "A `mallopt` that refuses a setting (returns 0, as musl's does) gives False."
    class Libc:
        @staticmethod
        def mallopt(param, value): return 0
    monkeypatch.setattr(ctypes, 'CDLL', lambda *args, **kwargs: Libc())
    assert keep_freed_memory() is False
