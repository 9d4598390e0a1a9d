"""Reading a conversation: parsing, encoding once, and the classifier heads."""
