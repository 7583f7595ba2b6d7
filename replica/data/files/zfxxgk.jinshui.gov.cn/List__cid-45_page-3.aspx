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
<form method="post" action="./List.aspx?cid=45" id="form1"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="+33F1AbAHEjnkb6sBy3pAqjDZoxQvaNQK7qf8S6P8Rj7fcXUBsAcSOeRvqwHLekCqMNmjFC9o1Arup/xLo/xGA==" /><h2>政府信息公开年度报告</h2><table id="GridView1" class="list"><tr><td><a href="Detail.aspx?cid=45&amp;id=953006" target="_blank">关于做好2019年度政府信息公开工作年度报告编制发布工作的通知</a></td><td>2020-01-15</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=952291" target="_blank">郑州市金水区人民政府办公室2017年政府信息公开工作年度报告</a></td><td>2018-01-06</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=951733" target="_blank">郑州市金水区市场监督管理局2014年政府信息公开工作年度报告</a></td><td>2015-02-16</td></tr><tr><td><a href="Detail.aspx?cid=45&amp;id=950679" target="_blank">郑州市金水区人民政府办公室2010年政府信息公开工作年度报告</a></td><td>2011-01-14</td></tr></table><div class="pager">共14条 第3/3页 <a href="List.aspx?cid=45&amp;page=1">1</a> <a href="List.aspx?cid=45&amp;page=2">2</a> <span>3</span> </div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
