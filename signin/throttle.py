"""Failed sign-ins, each kind counted against its own limit (SIGN_IN_LOCKOUTS in settings).

django-axes counts failures for every lockout in AXES_LOCKOUT_PARAMETERS but holds them all
to one AXES_FAILURE_LIMIT. A single limit cannot serve both a guess at one account from one
address (a few tries are a forgotten password) and guesses spread over many addresses or many
accounts (password spraying, where each address or account sees only a few). So this handler
answers axes in its own units: how far the lockout nearest its own limit has gone, scaled
to AXES_FAILURE_LIMIT. Axes then locks out exactly when one lockout reaches its limit.
"""

import datetime
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone

# What the lockout page says was counted, by lockout (the parameters of SIGN_IN_LOCKOUTS).
REASONS = {
    ("username", "ip_address"): "There have been too many failed sign-ins to this account "
    "from your network.",
    ("username",): "There have been too many failed sign-ins to this account from several "
    "places, so signing in to it is paused for everyone, to protect it.",
    ("ip_address",): "There have been too many failed sign-ins from your network, to "
    "several accounts.",
}


class SignInThrottle(AxesDatabaseHandler):
    def failures_by_lockout(self, request, credentials=None):
        """For each of SIGN_IN_LOCKOUTS: (parameters, limit, [(failures, last failure), ...]).

        Only failures within the cool-off time count; the oldest come first.
        """
        attempts_by_lockout = self.get_user_attempts(request, credentials)
        return [
            (
                tuple(parameters),
                limit,
                list(
                    attempts.order_by("attempt_time").values_list(
                        "failures_since_start", "attempt_time"
                    )
                ),
            )
            for (parameters, limit), attempts in zip(
                settings.SIGN_IN_LOCKOUTS, attempts_by_lockout, strict=True
            )
        ]

    def get_failures(self, request, credentials=None):
        axes_limit = get_failure_limit(request, credentials)
        return max(
            sum(failures for failures, _ in attempts) * axes_limit // limit
            for _, limit, attempts in self.failures_by_lockout(request, credentials)
        )

    def reset_user_attempts(self, request, credentials=None):
        """After a successful sign-in, forget that account's failures from that address only.

        The right password from one place says nothing about guesses at the same account
        from elsewhere, or at other accounts from the same network: those still count.
        """
        account_from_address = self.filter_user_attempts(request, credentials)[0]
        count, _ = account_from_address.delete()
        return count

    def lockouts(self, request, credentials=None):
        """The lockouts reached, each with when it ends: [(parameters, ends at), ...]."""
        cool_off = get_cool_off(request)
        reached = []
        for parameters, limit, attempts in self.failures_by_lockout(request, credentials):
            remaining = sum(failures for failures, _ in attempts)
            if remaining < limit:
                continue
            for failures, last_failure in attempts:  # oldest first: they expire in this order
                remaining -= failures
                if remaining < limit:
                    reached.append((parameters, last_failure + cool_off))
                    break
        return reached


def lockout_response(request, original_response=None, credentials=None):
    """The 429 page: what was counted, and when signing in will work again."""
    handler = AxesProxyHandler.get_implementation()
    lockouts = handler.lockouts(request, credentials)
    now = timezone.now()
    ends_at = max((ends for _, ends in lockouts), default=now + get_cool_off(request))
    try_again_at = next_whole_minute(timezone.localtime(ends_at))
    seconds = max(1, math.ceil((try_again_at - now).total_seconds()))
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": "Too many failed sign-ins",
            "reasons": [REASONS[parameters] for parameters, _ in lockouts],
            "try_again_at": try_again_at,
            "minutes": math.ceil(seconds / 60),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    return response


def next_whole_minute(moment):
    """The page gives the time to the minute: rounding up, it is never too early."""
    if moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return moment
