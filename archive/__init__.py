"""nianbao: archive."""
