"""The lifetime every wrapped C handle shares."""

from . import errors


class Handle:
    """A wrapped C handle. ``close()`` frees it (again: nothing), a ``with``
    block closes it at its end, and any other use afterwards raises
    csvc.ClosedError. Subclasses set ``_handle``, ``_lock`` and
    ``_finalizer`` (a ``weakref.finalize`` that frees the handle), and the
    message of that error in ``_CLOSED_MESSAGE``."""

    _CLOSED_MESSAGE = "handle is closed"

    def close(self) -> None:
        """Frees the C handle. Calling it again does nothing."""
        with self._lock:
            _refuse_while_stored(self)
            self._handle = None
            self._finalizer()

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self):
        self._h()
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _h(self):
        handle = self._handle
        if handle is None:
            raise errors.ClosedError(-20, self._CLOSED_MESSAGE)
        return handle


def _refuse_while_stored(obj) -> None:
    """A roster or desk attached to an open csvc.Store must outlive it: the
    store detaches from them when it closes."""
    stores = getattr(obj, "_stores", None)
    if obj._handle is not None and stores and any(not s.closed for s in stores):
        raise errors.Busy(-9, "%s is attached to an open store: close the store first"
                          % type(obj).__name__.lower())
