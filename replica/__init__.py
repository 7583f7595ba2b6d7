"""nianbao: replica."""
