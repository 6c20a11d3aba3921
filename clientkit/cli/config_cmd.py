"""`clientkit config show`: the effective configuration."""

import typer

from clientkit.cli.output import JsonOption, emit

app = typer.Typer(help="Configuration (CLIENTKIT_HOME/config.toml).", no_args_is_help=True)


@app.command("show")
def show(as_json: bool = JsonOption) -> None:
    """Print the effective configuration: defaults merged with config.toml."""
    from clientkit import paths
    from clientkit.config import load_config, to_toml

    config = load_config(paths.config_path())
    if as_json:
        emit(config, True, list)
        return
    typer.echo(f"# {paths.config_path()}")
    typer.echo(to_toml(config), nl=False)
