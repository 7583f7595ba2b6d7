"""nianbao: extract."""
