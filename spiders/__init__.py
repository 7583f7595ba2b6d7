"""nianbao: spiders."""
