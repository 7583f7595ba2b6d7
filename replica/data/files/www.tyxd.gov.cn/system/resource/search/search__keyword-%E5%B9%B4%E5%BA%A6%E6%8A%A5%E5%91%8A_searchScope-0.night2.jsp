<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="太原市小店区人民政府">
<meta name="SiteDomain" content="www.tyxd.gov.cn">
<meta name="SiteIDCode" content="1401050001">
<title>站内搜索</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="太原市小店区人民政府"></a>
<span class="site-name">太原市小店区人民政府</span></div>
<div class="main">
<h2>搜索结果：年度报告</h2><p>共找到8条结果</p><ul class="search-result"><li><a href="http://www.tyxd.gov.cn/info/10432/94808.htm">太原市小店区人民政府办公室2023年政府信息公开工作年度报告</a><span>2024-02-27</span></li><li><a href="http://www.tyxd.gov.cn/info/10432/90073.htm">太原市小店区卫生健康局2022年政府信息公开工作年度报告</a><span>2023-01-18</span></li><li><a href="http://www.tyxd.gov.cn/info/10432/88006.htm">太原市小店区人民政府办公室2022年政府信息公开工作年度报告</a><span>2023-01-07</span></li><li><a href="http://www.tyxd.gov.cn/info/10432/85481.htm">太原市小店区人民政府办公室2020年政府信息公开工作年度报告</a><span>2021-01-06</span></li><li><a href="http://www.tyxd.gov.cn/info/10432/84793.htm">太原市小店区卫生健康局2019年政府信息公开工作年度报告</a><span>2020-02-08</span></li><li><a href="http://www.tyxd.gov.cn/info/10432/82730.htm">太原市小店区卫生健康局2018年政府信息公开工作年度报告</a><span>2019-01-09</span></li><li><a href="http://www.tyxd.gov.cn/info/10432/81111.htm">太原市小店区教育局2015年政府信息公开工作年度报告</a><span>2016-01-28</span></li><li><a href="http://www.tyxd.gov.cn/info/10432/80230.htm">太原市小店区人民政府办公室2009年政府信息公开工作年度报告</a><span>2010-01-27</span></li></ul>
</div>
<div class="footer"><p>主办：太原市小店区人民政府办公室　网站标识码：1401050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
