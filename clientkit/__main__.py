"""`python -m clientkit` runs exactly what the `clientkit` entry point runs."""

from clientkit.launch import main

if __name__ == "__main__":
    main()
