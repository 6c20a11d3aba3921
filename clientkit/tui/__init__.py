"""The Textual terminal UI: the same services as the CLI, behind screens driven by the keyboard."""
