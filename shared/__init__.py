"""Helpers every layer may use: they import no app of this project.

Batching work requested many times in a row, URL reversing for slugs, our proxies and the
reader's address behind them, personal details kept out of logs, and the cache backends.
"""
