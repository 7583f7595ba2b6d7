<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<meta name="ArticleTitle" content="郑州市金水区市场监督管理局2014年政府信息公开工作年度报告">
<meta name="PubDate" content="2015-02-16 12:44">
<meta name="ContentSource" content="郑州市金水区市场监督管理局">
<meta name="ColumnName" content="政府信息公开年度报告">
<title>郑州市金水区市场监督管理局2014年政府信息公开工作年度报告</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<form method="post" action="./Detail.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" value="nLY1OrTfdW70iHmwr9OB3tv7ltJ7fnsZ7+7LaR5QZxOctjU6tN91bvSIebCv04He2/uW0nt+exnv7stpHlBnEw==" /><table class="xxgk-meta"><tr><td>索引号：</td><td>410105-2015-52051</td><td>发布机构：</td><td>郑州市金水区市场监督管理局</td></tr><tr><td>成文日期：</td><td>2015-02-13</td><td>发布日期：</td><td>2015-02-16</td></tr></table><h1>郑州市金水区市场监督管理局2014年政府信息公开工作年度报告</h1><div id="content" class="content"><p>郑州市金水区市场监督管理局2014年政府信息公开工作年度报告</p><p>本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由郑州市金水区市场监督管理局编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，政府信息公开工作存在的主要问题及改进情况，其他需要报告的事项。本报告中所列数据的统计期限自2014年1月1日起至2014年12月31日止。</p><p>一、概述</p><p>2014年，我单位认真贯彻落实《条例》，进一步加强组织领导，完善工作机制，政府信息公开工作有序推进。</p><p>二、主动公开政府信息情况</p><p>2014年，主动公开政府信息8131条，其中通过政府网站公开7705条。</p><p>三、依申请公开政府信息情况</p><p>2014年，共受理政府信息公开申请219件，均已按时答复。</p><p>四、政府信息公开的收费及减免情况</p><p>2014年，未收取任何政府信息公开相关费用。</p><p>五、因政府信息公开申请提起行政复议、行政诉讼的情况</p><p>2014年，未发生因政府信息公开申请提起的行政复议、行政诉讼。</p><p>六、政府信息公开工作存在的主要问题及改进情况</p><p>公开内容的深度和广度有待拓展，下一步将进一步规范公开工作。</p><p>七、其他需要报告的事项</p><p>无。</p><p style="text-align:right">郑州市金水区市场监督管理局</p></div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
