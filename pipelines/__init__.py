"""nianbao: pipelines."""
