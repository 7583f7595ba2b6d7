"""nianbao's Scrapy project: settings, items, site registry, command line, run orchestration."""
