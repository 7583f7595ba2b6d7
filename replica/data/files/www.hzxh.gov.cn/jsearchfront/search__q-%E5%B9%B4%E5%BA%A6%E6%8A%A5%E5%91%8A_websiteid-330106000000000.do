<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="杭州市西湖区人民政府">
<meta name="SiteDomain" content="www.hzxh.gov.cn">
<meta name="SiteIDCode" content="3301060001">
<title>站内搜索</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="杭州市西湖区人民政府"></a>
<span class="site-name">杭州市西湖区人民政府</span></div>
<div class="main">
<h2>搜索结果：年度报告</h2><p>共找到8条结果</p><ul class="search-result"><li><a href="http://www.hzxh.gov.cn/art/2023/1/25/art_1229518874_3850188.html">杭州市西湖区人民政府办公室2022年政府信息公开工作年度报告</a><span>2023-01-25</span></li><li><a href="http://www.hzxh.gov.cn/art/2023/1/15/art_1229518874_3849554.html">杭州市公安局西湖区分局2022年政府信息公开工作年度报告</a><span>2023-01-15</span></li><li><a href="http://www.hzxh.gov.cn/art/2022/1/5/art_1229518874_3846444.html">杭州市西湖区教育局2021年政府信息公开工作年度报告</a><span>2022-01-05</span></li><li><a href="http://www.hzxh.gov.cn/art/2021/1/22/art_1229518874_3845033.html">杭州市西湖区人民政府办公室2020年政府信息公开工作年度报告</a><span>2021-01-22</span></li><li><a href="http://www.hzxh.gov.cn/art/2020/1/8/art_1229518874_3843745.html">杭州市公安局西湖区分局2019年政府信息公开工作年度报告</a><span>2020-01-08</span></li><li><a href="http://www.hzxh.gov.cn/art/2018/1/21/art_1229518874_3842224.html">杭州市西湖区教育局2017年政府信息公开工作年度报告</a><span>2018-01-21</span></li><li><a href="http://www.hzxh.gov.cn/art/2014/1/9/art_1229518874_3841654.html">杭州市西湖区人民政府办公室2013年政府信息公开工作年度报告</a><span>2014-01-09</span></li><li><a href="http://www.hzxh.gov.cn/art/2009/1/11/art_1229518874_3840152.html">杭州市西湖区人民政府办公室2008年政府信息公开工作年度报告</a><span>2009-01-11</span></li></ul>
</div>
<div class="footer"><p>主办：杭州市西湖区人民政府办公室　网站标识码：3301060001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
