(function($){ $.fn.jpage = function(cfg){ /* pages after the first: POST cfg.ajaxParam to cfg.proxyUrl
 with startrecord, endrecord and perpage in the query string; the answer is <datastore> XML */ }; })(jQuery);
