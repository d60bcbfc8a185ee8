# Stand-in conversations written for Aegis's tests. Not real messages. "a" is the account under suspicion (or, in
# benign conversations, the first sender); "b" is the recipient whose age band is declared. "M" is a media marker.
M = None
H = []  # harmful: (id, lang, label, recipient_age, sender_age, connected, messages)
B = []  # benign

H += [
("en-sx-01","en","sextortion","13-15","unknown",False,[
 ("a","hey you're really cute, saw you on the explore page"),("b","lol thanks"),("a","how old are you?"),("b","14"),
 ("a","send me a pic of you, just for me"),("b",M),("a","now send me nudes or I post this everywhere"),
 ("a","I have your pics. pay me $300 in gift cards or I send them to your followers"),("b","please no")]),
("en-sx-02","en","sextortion","16-17","unknown",False,[
 ("a","hi gorgeous"),("a","you seem so mature"),("a","lets move to snapchat, add me on snapchat"),("b","ok"),
 ("a","show me your body, i'll send mine first"),("b",M),("b",M),
 ("a","i screenshotted your nudes. you have 2 hours to pay or your family sees everything"),
 ("a","send $500 through cashapp now")]),
("en-sx-03","en","sextortion","13-15","adult",False,[
 ("a","hey, you're pretty"),("a","send me a selfie?"),("b",M),("a","now send me a naked pic"),("b","no"),
 ("a","i saved your photos. if you dont send more i will share them to your school"),
 ("a","everyone will see your pics"),("b","stop")]),
("en-sx-04","en","sextortion","16-17","unknown",False,[
 ("a","u up?"),("a","send me some spicy pics"),("b",M),
 ("a","I got all your pics. buy me a google play card, 200 dollars, send the codes"),
 ("a","or I leak them to all your contacts"),("b","i dont have money")]),
("en-sx-05","en","sextortion","under13","unknown",False,[
 ("a","hi! you're so cute for a gamer"),("a","what grade are you in?"),("b","6th"),
 ("a","send me pics of yourself"),("b",M),("a","send more, without your shirt"),("b","no"),
 ("a","i will send them to your mom and dad if you dont"),("a","your life will be over")]),
("en-sx-06","en","sextortion","13-15","unknown",False,[
 ("a","you looked hot in your story"),("a","show me more"),("b",M),
 ("a","I recorded the video. pay up now or it goes viral"),("a","venmo me 150"),("a","you have 30 minutes to pay")]),
("en-sx-07","en","sextortion","unknown","unknown",False,[
 ("a","hey, add me on telegram"),("a","send me your nudes, i'll show you mine"),("b",M),
 ("a","i have your nudes. send 1000 usd in bitcoin or i share them to your friends and family"),
 ("a","i will ruin your life")]),
("en-sx-08","en","sextortion","13-15","adult",False,[
 ("a","you're not like other girls"),("a","can i see a pic of you?"),("a","send me a photo"),("b",M),
 ("a","lol now I have your pics"),("a","send me a video or i post them to your followers"),("b","please delete them")]),
("en-sx-09","en","sextortion","16-17","unknown",False,[
 ("a","hey stranger"),("a","do you have snapchat?"),("a","send me a sexy selfie"),("b",M),
 ("a","i saved it. pay me 400 or i expose you"),("a","send it with paypal right now")]),
("en-sx-10","en","sextortion","13-15","unknown",False,[
 ("a","omg you're gorgeous"),("a","how old are you"),("b","im 15"),("a","send me some pics"),("b",M),
 ("a","i have your pics, everyone will see them"),("a","unless you pay 200 bucks"),("a","buy me a steam card and send me the code")]),
("en-gr-01","en","grooming","13-15","adult",False,[
 ("a","you're so mature for your age"),("a","how old are you?"),("b","13"),("a","that's fine, age is just a number"),
 ("a","don't tell your parents we talk, they wouldn't understand"),("a","let's talk on snapchat instead"),
 ("a","send me a pic of you")]),
("en-gr-02","en","grooming","under13","unknown",False,[
 ("a","hey, you're really good at this game"),("a","what grade are you in?"),("b","5th"),
 ("a","you seem older"),("a","this is our little secret ok"),("a","do you have discord?")]),
("en-gr-03","en","grooming","16-17","adult",False,[
 ("a","nobody understands you like i do"),("a","your parents don't understand you"),
 ("a","we should meet up sometime, alone"),("a","i can pick you up after school"),("a","don't tell anyone")]),
("en-gr-04","en","grooming","13-15","unknown",False,[
 ("a","hi cutie"),("b","hi"),("a","asl?"),("b","14 f"),("a","you're beautiful"),("a","what are you wearing"),
 ("a","delete this chat after ok")]),
("en-gr-05","en","grooming","13-15","unknown",False,[
 ("a","you're different from other kids"),("a","are you in middle school?"),("b","yes"),
 ("a","have you ever kissed anyone?"),("a","it's just between us"),("a","give me your number")]),
("en-gr-06","en","grooming","16-17","unknown",False,[
 ("a","you're so pretty"),("a","what's your age"),("b","16"),("a","are you still a virgin?"),
 ("a","send me a pic in your underwear"),("a","nobody needs to know")]),
("en-gr-07","en","grooming","13-15","adult",False,[
 ("a","you look older in your pics"),("a","i'm 25 but you're mature"),("a","let's chat on whatsapp"),
 ("a","where do you live?"),("a","we could meet this weekend"),("a","keep it a secret")]),
("en-gr-08","en","grooming","under13","unknown",False,[
 ("a","you're the coolest"),("a","how old are u"),("b","11"),("a","turn on your camera"),
 ("a","dont tell your mom"),("a","i will send you robux if you do")]),
("es-sx-01","es","sextortion","13-15","unknown",False,[
 ("a","hola preciosa, eres muy linda"),("a","¿cuántos años tienes?"),("b","14"),("a","mándame una foto tuya"),("b",M),
 ("a","ahora mándame fotos sin ropa"),("a","tengo tus fotos. si no me pagas 300 dólares se las mando a tu familia")]),
("es-sx-02","es","sextortion","16-17","unknown",False,[
 ("a","hola, agrégame en snapchat"),("a","pásame tu pack"),("b",M),
 ("a","ya tengo tus fotos jaja"),("a","cómprame una tarjeta de regalo de 100 dólares y mándame el código"),
 ("a","o se las paso a tus seguidores")]),
("es-sx-03","es","sextortion","13-15","adult",False,[
 ("a","eres muy guapa"),("a","enséñame tu cuerpo"),("b",M),("a","guardé tu video"),
 ("a","voy a publicar el video a todos tus contactos"),("a","tu vida se acabó"),("a","paga ya por bizum")]),
("es-sx-04","es","sextortion","16-17","unknown",False,[
 ("a","que linda"),("a","mándame unas fotos"),("b",M),("a","tengo tus fotos"),
 ("a","tienes 2 horas para pagar 500 pesos o todos van a ver"),("a","deposita en oxxo")]),
("es-sx-05","es","sextortion","under13","unknown",False,[
 ("a","hola, ¿en qué grado estás?"),("b","sexto"),("a","pásame una foto tuya"),("b",M),
 ("a","ahora foto sin camiseta"),("b","no quiero"),("a","si no me mandas más, se las envío a tus padres")]),
("es-sx-06","es","sextortion","13-15","unknown",False,[
 ("a","eres hermosa"),("a","mándame nudes y yo te mando las mías"),("b",M),
 ("a","grabé todo. voy a filtrar tus fotos"),("a","págame 200 euros en bitcoin")]),
("es-sx-07","es","sextortion","unknown","unknown",False,[
 ("a","hablemos por telegram"),("a","enséñame más"),("b",M),
 ("a","tengo guardadas tus fotos. si no pagas las subo a tu escuela"),("a","te voy a arruinar la vida")]),
("es-gr-01","es","grooming","13-15","adult",False,[
 ("a","eres muy madura para tu edad"),("a","¿cuántos años tienes?"),("b","13"),
 ("a","no le digas a tus padres que hablamos"),("a","hablemos por whatsapp, pásame tu número")]),
("es-gr-02","es","grooming","under13","unknown",False,[
 ("a","eres muy buena jugando"),("a","¿en qué curso vas?"),("b","quinto"),("a","es nuestro secreto"),
 ("a","¿tienes discord?")]),
("es-gr-03","es","grooming","16-17","adult",False,[
 ("a","nadie te entiende como yo"),("a","tus padres no lo entenderían"),
 ("a","veámonos en persona este fin"),("a","te puedo recoger"),("a","borra el chat")]),
("es-gr-04","es","grooming","13-15","unknown",False,[
 ("a","hola linda"),("a","¿qué edad tienes?"),("b","tengo 14 años"),("a","eres preciosa"),
 ("a","¿qué llevas puesto?"),("a","nadie tiene que saber")]),
("es-gr-05","es","grooming","13-15","unknown",False,[
 ("a","no eres como las demás"),("a","¿estás en la secundaria?"),("b","sí"),
 ("a","¿alguna vez te has besado?"),("a","solo entre tú y yo"),("a","pásame tu snapchat")]),
("es-gr-06","es","grooming","16-17","unknown",False,[
 ("a","eres especial"),("a","¿cuántos años tienes?"),("b","16"),("a","¿eres virgen?"),
 ("a","mándame una foto en ropa interior"),("a","no se lo cuentes a nadie")]),
]

B += [
("en-bn-01","en","benign","adult","adult",False,[
 ("a","hey, loved your hiking photos"),("b","thanks! you're cute too"),("a","send me a pic of you on that trail"),("b",M),
 ("a","you're gorgeous"),("a","add me on instagram?"),("b","sure, same handle")]),
("en-bn-02","en","benign","adult","adult",True,[
 ("a","last night was fun"),("b","it was 😘"),("a","send me a selfie, i miss you"),("b",M),("a","you're so hot"),
 ("a","dinner friday?")]),
("en-bn-03","en","benign","13-15","adult",True,[
 ("a","did you get to practice ok?"),("b","yes"),("a","send me a photo of the new uniform"),("b",M),
 ("a","you look great! don't tell your dad about the surprise party"),("a","it's our secret until saturday")]),
("en-bn-04","en","benign","13-15","13-15",True,[
 ("a","lmao look at this"),("a",M),("b","NOOO delete that"),("a","i'll send this to everyone haha"),
 ("b","i will end you"),("a","jk jk")]),
("en-bn-05","en","benign","adult","adult",True,[
 ("a","happy birthday!! i got you a gift card"),("b","aww thank you"),("a","the code is on the back of the card"),
 ("b","can you send me a pic of the code, it scratched off"),("a",M)]),
("en-bn-06","en","benign","16-17","adult",True,[
 ("a","hey kiddo, how was the exam?"),("b","ok i think"),("a","send me a pic when you get to grandma's"),
 ("b",M),("a","love you, don't forget your jacket")]),
("en-bn-07","en","benign","adult","adult",False,[
 ("a","is the bike still for sale?"),("b","yes, 150"),("a","can i pay 120?"),("b","ok, pay me 120 on venmo"),
 ("a","sent"),("b","thanks, pick it up tomorrow")]),
("en-bn-08","en","benign","13-15","13-15",True,[
 ("a","how old are you turning on friday?"),("b","14!"),("a","we should hang out this weekend"),
 ("b","yess"),("a","my mom can drive you")]),
("en-bn-09","en","benign","adult","adult",True,[
 ("a","you're beautiful, you know that?"),("b","stop it 😊"),("a","send me a pic of the dress"),("b",M),
 ("a","wow. what are you wearing tonight then"),("b","you'll see")]),
("en-bn-10","en","benign","16-17","16-17",True,[
 ("a","bro check this meme"),("a",M),("b","lmaooo"),("b","i'm posting it to everyone"),("a","send it to the group chat")]),
("en-bn-11","en","benign","adult","adult",False,[
 ("a","hi, is this the support account?"),("b","yes, how can we help"),("a","my gift card code doesn't work"),
 ("b","please send us a photo of the card"),("a",M),("b","thanks, refunded 25 usd")]),
("en-bn-12","en","benign","13-15","adult",True,[
 ("a","coach here: send me your photos from the tournament for the yearbook"),("b",M),
 ("a","great shots! what grade are you in next year?"),("b","9th"),("a","nice, see you at practice")]),
("en-bn-13","en","benign","adult","adult",False,[
 ("a","hey, we matched!"),("b","hi :)"),("a","how old are you? your profile says 29"),("b","29 yes"),
 ("a","cool. do you have whatsapp? easier to chat"),("b","sure")]),
("en-bn-14","en","benign","16-17","adult",True,[
 ("a","don't tell anyone but i got you concert tickets"),("b","WHAT"),("a","it's a secret from your brother"),
 ("a","send me a photo of your id for the venue")]),
("en-bn-15","en","benign","adult","adult",True,[
 ("a","can you venmo me 20 for the pizza"),("b","yep"),("a","thanks!"),("b","send me the photos from the party"),("a",M)]),
("en-bn-16","en","benign","13-15","13-15",True,[
 ("a","i have your pics from the trip lol"),("b","send them!"),("a",M),("b","omg i look awful"),
 ("a","i'll post them to the class page"),("b","don't you dare 😂")]),
("es-bn-01","es","benign","adult","adult",False,[
 ("a","hola, me encantaron tus fotos del viaje"),("b","gracias, eres muy guapo"),("a","mándame una foto tuya"),("b",M),
 ("a","eres preciosa"),("a","¿me pasas tu whatsapp?")]),
("es-bn-02","es","benign","13-15","adult",True,[
 ("a","hija, ¿llegaste bien?"),("b","sí mamá"),("a","mándame una foto con la abuela"),("b",M),
 ("a","no le digas nada a tu papá de la fiesta sorpresa"),("a","es nuestro secreto")]),
("es-bn-03","es","benign","16-17","16-17",True,[
 ("a","jajaja mira esta foto"),("a",M),("b","bórrala ya"),("a","se la mando a todos jaja"),("b","te mato")]),
("es-bn-04","es","benign","adult","adult",True,[
 ("a","feliz cumple! te compré una tarjeta de regalo"),("b","gracias!!"),("a","el código está atrás"),
 ("b","mándame una foto del código porfa"),("a",M)]),
("es-bn-05","es","benign","adult","adult",False,[
 ("a","¿sigue disponible la bici?"),("b","sí, 150 dólares"),("a","¿te pago por bizum?"),("b","vale, págame 150 por bizum"),
 ("a","listo")]),
("es-bn-06","es","benign","13-15","13-15",True,[
 ("a","¿cuántos años cumples?"),("b","14"),("a","hay que vernos este finde"),("b","sí"),("a","mi mamá te puede recoger")]),
("es-bn-07","es","benign","adult","adult",True,[
 ("a","eres hermosa"),("b","jaja gracias"),("a","¿qué llevas puesto hoy?"),("b","un vestido rojo"),
 ("a","mándame una foto"),("b",M)]),
("es-bn-08","es","benign","adult","adult",False,[
 ("a","hola, soporte técnico"),("b","mi tarjeta de regalo no funciona"),("a","envíanos una foto de la tarjeta"),
 ("b",M),("a","listo, te devolvimos 25 euros")]),
("es-bn-09","es","benign","16-17","adult",True,[
 ("a","hola campeón, ¿cómo te fue?"),("b","bien"),("a","mándame una foto del diploma"),("b",M),
 ("a","qué orgullo, no le cuentes a tu hermana del regalo")]),
("es-bn-10","es","benign","13-15","adult",True,[
 ("a","soy la profe: envíenme las fotos del proyecto"),("b",M),("a","muy bien, ¿en qué curso estás el próximo año?"),
 ("b","tercero"),("a","perfecto")]),
("es-bn-11","es","benign","adult","adult",False,[
 ("a","hicimos match"),("b","hola"),("a","¿cuántos años tienes? dice 31"),("b","sí 31"),("a","¿tienes whatsapp?"),
 ("b","claro")]),
("es-bn-12","es","benign","adult","adult",True,[
 ("a","págame los 20 de la pizza"),("b","ya te los mando"),("a","gracias"),("b","pásame las fotos de la fiesta"),("a",M)]),
("es-bn-13","es","benign","13-15","13-15",True,[
 ("a","tengo tus fotos del viaje jaja"),("b","mándamelas"),("a",M),("b","salgo horrible"),
 ("a","las voy a subir al grupo de la clase"),("b","ni se te ocurra")]),
("es-bn-14","es","benign","adult","adult",True,[
 ("a","te extraño"),("b","yo también 😘"),("a","mándame una selfie"),("b",M),("a","estás guapísima"),("a","¿cenamos el viernes?")]),
]

# Paraphrases: written after the banks, deliberately in wording the banks were not written from, and all held out.
H2 = [
("en-sx-p1","en","sextortion","13-15","unknown",False,[
 ("a","heyy saw your dance vid, ur talented"),("a","got any more of you? just for me"),("b",M),
 ("a","funny thing, i know your whole friend list now"),("a","wire me 250 or every single one of them gets that picture"),("b","pls dont")]),
("en-sx-p2","en","sextortion","16-17","unknown",False,[
 ("a","u seem chill"),("a","trade pics? you go first"),("b",M),
 ("a","screenshot taken. your school account is public btw"),("a","$400 by tonight or i tag your principal in it")]),
("en-sx-p3","en","sextortion","13-15","adult",False,[
 ("a","let me see you"),("b",M),("a","that's mine now"),("a","do what i say or your family gets a surprise in their inbox"),
 ("a","record a video for me next")]),
("en-sx-p4","en","sextortion","unknown","unknown",False,[
 ("a","i have your nudes"),("a","pay me 500 dollars or i send them to your followers")]),
("en-sx-p5","en","sextortion","16-17","unknown",False,[
 ("a","cute pfp"),("a","send me a pic of you"),("b",M),("a","i have your pics now"),
 ("a","buy me a gift card or everyone sees them")]),
("en-gr-p1","en","grooming","13-15","adult",False,[
 ("a","you're honestly smarter than most adults i know"),("a","how old r u anyway"),("b","13"),
 ("a","cool, your parents are way too strict with you"),("a","let's keep our chats to ourselves yeah?"),
 ("a","i could buy you that game if you want")]),
("en-gr-p2","en","grooming","under13","unknown",False,[
 ("a","you're really special to me"),("a","what school do you go to"),("a","i'd love to see you in person"),
 ("a","your mom doesn't need to know about us")]),
("en-gr-p3","en","grooming","13-15","unknown",False,[
 ("a","how old are you"),("b","14"),("a","you're very mature"),("a","don't tell your parents about me"),
 ("a","add me on snapchat")]),
("es-sx-p1","es","sextortion","13-15","unknown",False,[
 ("a","qué guapa sales en tus historias"),("a","¿me enseñas algo más?"),("b",M),
 ("a","ya sé quiénes son tus amigos y tu familia"),("a","o me pasas 200 o les llega a todos")]),
("es-sx-p2","es","sextortion","16-17","unknown",False,[
 ("a","mándame una foto tuya"),("b",M),("a","tengo tus fotos"),
 ("a","si no me pagas 300 pesos se las mando a tus padres")]),
("es-gr-p1","es","grooming","13-15","adult",False,[
 ("a","eres más lista que la gente de mi edad"),("a","¿cuántos años tienes?"),("b","13"),
 ("a","tus papás no te dejan hacer nada, ¿verdad?"),("a","lo nuestro queda entre nosotros"),("a","hablemos por whatsapp")]),
("es-gr-p2","es","grooming","under13","unknown",False,[
 ("a","eres especial"),("a","¿a qué colegio vas?"),("a","me gustaría conocerte en persona"),
 ("a","no le digas a tu mamá")]),
]
B2 = [
("en-bn-p1","en","benign","adult","adult",True,[
 ("a","i have your pics from the wedding"),("a","pay me back the 40 for the prints"),("b","sure, venmo ok?"),
 ("a","yep"),("b","sending now")]),
("en-bn-p2","en","benign","13-15","13-15",True,[
 ("a","lol i screenshotted that"),("b","delete it or i'll tell everyone your secret"),("a","ok ok deleted"),("b","good")]),
("en-bn-p3","en","benign","adult","adult",False,[
 ("a","is this still available"),("b","yes 60 dollars"),("a","can you send me a photo of the back"),("b",M),
 ("a","ok i'll pay on paypal")]),
("en-bn-p4","en","benign","13-15","adult",True,[
 ("a","how old are you now? 14?"),("b","yes!"),("a","happy birthday sweetie, grandma loves you"),
 ("a","send me a pic of the cake")]),
("es-bn-p1","es","benign","adult","adult",True,[
 ("a","tengo tus fotos de la boda"),("a","págame los 40 de las copias"),("b","te los mando por bizum"),("a","gracias")]),
("es-bn-p2","es","benign","13-15","adult",True,[
 ("a","¿cuántos años cumples, 14?"),("b","sí"),("a","feliz cumple, te quiere la abuela"),("a","mándame una foto del pastel")]),
]
