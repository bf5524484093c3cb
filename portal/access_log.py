"""gunicorn's access log, minus the reader's address on lines that would tie it to feedback.

The feedback form stores no address (see the privacy notice). A log line holding the address
and the time of a post to /feedback/ would undo that: matched with the stored answer's time,
it says who answered what. So those lines keep the path, status and time, and say `-` where
the address would be. Other lines keep it, for security and running the service.
"""

from gunicorn.glogging import Logger

ADDRESS_FREE_PREFIXES = ("/feedback",)


def without_address(path):
    return path.startswith(ADDRESS_FREE_PREFIXES)


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if without_address(environ.get("PATH_INFO", "")):
            atoms["h"] = "-"
        return atoms
