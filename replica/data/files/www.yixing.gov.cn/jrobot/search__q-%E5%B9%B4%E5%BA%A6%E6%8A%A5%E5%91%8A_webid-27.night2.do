<!DOCTYPE html>
<html>
<head>
<meta name="SiteName" content="宜兴市人民政府">
<meta name="SiteDomain" content="www.yixing.gov.cn">
<meta name="SiteIDCode" content="3202820001">
<title>站内搜索</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="宜兴市人民政府"></a>
<span class="site-name">宜兴市人民政府</span></div>
<div class="main">
<h2>搜索结果：年度报告</h2><p>共找到8条结果</p><ul class="search-result"><li><a href="http://www.yixing.gov.cn/art/2024/1/25/art_64127_3484386.html">宜兴市人民政府办公室2023年政府信息公开工作年度报告</a><span>2024-01-25</span></li><li><a href="http://www.yixing.gov.cn/art/2023/1/12/art_64127_3481301.html">宜兴市教育局2022年政府信息公开工作年度报告</a><span>2023-01-12</span></li><li><a href="http://www.yixing.gov.cn/art/2022/1/21/art_64127_3477288.html">宜兴市人民政府办公室2021年政府信息公开工作年度报告</a><span>2022-01-21</span></li><li><a href="http://www.yixing.gov.cn/art/2021/1/5/art_64127_3475570.html">宜兴市教育局2020年政府信息公开工作年度报告</a><span>2021-01-05</span></li><li><a href="http://www.yixing.gov.cn/art/2020/1/10/art_64127_3473301.html">宜兴市人民政府办公室2019年政府信息公开工作年度报告</a><span>2020-01-10</span></li><li><a href="http://www.yixing.gov.cn/art/2019/1/23/art_64127_3472050.html">宜兴市教育局2018年政府信息公开工作年度报告</a><span>2019-01-23</span></li><li><a href="http://www.yixing.gov.cn/art/2016/1/30/art_64127_3471319.html">宜兴市人民政府办公室2015年政府信息公开工作年度报告</a><span>2016-01-30</span></li><li><a href="http://www.yixing.gov.cn/art/2012/1/28/art_64127_3470711.html">宜兴市人民政府办公室2011年政府信息公开工作年度报告</a><span>2012-01-28</span></li></ul>
</div>
<div class="footer"><p>主办：宜兴市人民政府办公室　网站标识码：3202820001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
