"""The coaching domain. Nothing below this package imports telegram or does I/O."""
