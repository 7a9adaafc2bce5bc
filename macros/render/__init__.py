"""Renderers: the catalogue → HTML/SVG/CSV… Each module does one kind of output
and never reads content files; HTML goes through autoescaping templates."""
