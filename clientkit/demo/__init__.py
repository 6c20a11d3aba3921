"""The demo books: a sample built through the real use cases, and the large benchmark book."""
