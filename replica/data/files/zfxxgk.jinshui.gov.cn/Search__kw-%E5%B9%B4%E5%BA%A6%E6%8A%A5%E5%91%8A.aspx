<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<title>站内搜索</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<h2>搜索结果：年度报告</h2><p>共找到8条结果</p><ul class="search-result"><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=958630">郑州市金水区教育局2022年政府信息公开工作年度报告</a><span>2023-01-13</span></li><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=957569">郑州市金水区市场监督管理局2021年政府信息公开工作年度报告</a><span>2022-01-24</span></li><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=956252">郑州市金水区人民政府办公室2021年政府信息公开工作年度报告</a><span>2022-01-11</span></li><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=955695">郑州市金水区教育局2020年政府信息公开工作年度报告</a><span>2021-01-28</span></li><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=954637">郑州市金水区人民政府办公室2019年政府信息公开工作年度报告</a><span>2020-02-18</span></li><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=952291">郑州市金水区人民政府办公室2017年政府信息公开工作年度报告</a><span>2018-01-06</span></li><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=951733">郑州市金水区市场监督管理局2014年政府信息公开工作年度报告</a><span>2015-02-16</span></li><li><a href="http://zfxxgk.jinshui.gov.cn/Detail.aspx?cid=45&amp;id=950679">郑州市金水区人民政府办公室2010年政府信息公开工作年度报告</a><span>2011-01-14</span></li></ul>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
