<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<title>政府信息公开目录_郑州市金水区人民政府</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<div class="crumbs"><a href="/">首页</a> &gt; 政府信息公开目录</div><h2>政府信息公开目录</h2><ul class="column-list"><li><a href="/zwgk/zcjd/index.html">政策解读</a></li><li><a href="/List.aspx?cid=45">政府信息公开年度报告</a></li><li><a href="/zwgk/rsxx/index.html">人事信息</a></li><li><a href="/zwgk/czyjs/index.html">财政预决算</a></li><li><a href="/zwgk/xxgkzn/index.html">政府信息公开指南</a></li><li><a href="/zwgk/xxgkzd/index.html">政府信息公开制度</a></li></ul>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
