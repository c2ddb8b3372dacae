"""Reverse-lunge coach: a Telegram bot with a transport-free coaching engine."""
