project = "platform"
extensions = ["myst_parser"]
html_theme = "furo"
