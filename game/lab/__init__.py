"""The balance lab: many campaigns over seeds and strategies, strategy search,
and the balance report (`python main.py lab run|search|report`)."""
