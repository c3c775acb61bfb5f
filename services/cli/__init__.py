"""The command line: `main.py` subcommands, rules replay and check of scenarios, and the demo office.
No service class: each command builds `services.app.Services` and calls the domains through it."""
