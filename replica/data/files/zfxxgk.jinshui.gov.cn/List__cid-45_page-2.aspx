<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<title>政府信息公开年度报告--郑州市金水区人民政府政府信息公开</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<form method="post" action="./List.aspx?cid=45" id="form1"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="EUDUfPDLD4BsaIyudGTS3sT6KEMrbsv6Q/XQ1V2fMbcRQNR88MsPgGxojK50ZNLexPooQytuy/pD9dDVXZ8xtw==" /><h2>政府信息公开年度报告</h2><table id="GridView1" class="list"><tr><td><a href="Detail.aspx?cid=45&amp;id=963822" target="_blank">关于《郑州市金水区人民政府办公室2021年政府信息公开工作年度报告》的解读</a></td><td>2022-02-13</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=957569" target="_blank">郑州市金水区市场监督管理局2021年政府信息公开工作年度报告</a></td><td>2022-01-24</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=956252" target="_blank">郑州市金水区人民政府办公室2021年政府信息公开工作年度报告</a></td><td>2022-01-11</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=955695" target="_blank">郑州市金水区教育局2020年政府信息公开工作年度报告</a></td><td>2021-01-28</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=954637" target="_blank">郑州市金水区人民政府办公室2019年政府信息公开工作年度报告</a></td><td>2020-02-18</td></tr></table><div class="pager">共14条 第2/3页 <a href="List.aspx?cid=45&amp;page=1">1</a> <span>2</span> <a href="List.aspx?cid=45&amp;page=3">3</a> <a href="List.aspx?cid=45&amp;page=3">下一页</a></div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
